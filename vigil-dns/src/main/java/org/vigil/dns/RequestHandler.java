package org.vigil.dns;

import java.net.InetAddress;
import java.util.List;

/** Turns one DNS request into zero or more response messages (several for a zone transfer). */
public interface RequestHandler {

  /**
   * Handles one request.
   *
   * @param wire the request as received
   * @param client the source address, which decides policy and transfer rights
   * @param tcp whether the request came over TCP (transfers need it; UDP answers are truncated)
   * @return the responses in order; empty to drop the request
   */
  List<byte[]> handle(byte[] wire, InetAddress client, boolean tcp);
}
