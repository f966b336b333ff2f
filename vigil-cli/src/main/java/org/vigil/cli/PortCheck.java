package org.vigil.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Tries the listening address before Vigil creates anything, so a port already taken (often a
 * previous Vigil still running) is one line at once, not a stack trace after a new admin key has
 * been printed. The server binds for real moments later; a port taken in between still fails, just
 * less politely.
 */
final class PortCheck {

  private PortCheck() {}

  static void requireFree(String host, int port) {
    if (port == 0) {
      return;
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(
          "--bind " + host + " is not an address of this machine (VIGIL_HOST)");
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(address);
    } catch (BindException e) {
      String why = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
      if (why.contains("in use")) {
        throw new IllegalStateException(
            "port "
                + port
                + " on "
                + host
                + " is already in use (another Vigil?); choose another with --port (VIGIL_PORT)");
      }
      throw new IllegalStateException(
          "cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); check --bind and --port");
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + host + " is not an address of this machine");
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")");
    }
  }
}
