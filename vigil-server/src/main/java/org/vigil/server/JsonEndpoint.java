package org.vigil.server;

import io.javalin.http.Context;
import org.vigil.core.auth.Principal;

/**
 * The JSON core of a hot endpoint (a scan by hashes, decide): reads the request body through an
 * {@link Exchange}, answers 200 with the returned object, and throws for every refusal (mapped by
 * {@link ErrorMapper}). Written once and called both from the endpoint's Javalin route and from
 * {@link FastRoutes}, which serves such requests on Jetty directly.
 */
@FunctionalInterface
public interface JsonEndpoint {

  /**
   * @return the body of the 200 answer, serialised with the one Jackson configuration
   */
  Object handle(Exchange exchange, Principal caller) throws Exception;

  /** What an endpoint may do with its request beyond the caller: read the body, add a header. */
  interface Exchange {

    /** The request body, at most {@code limit} bytes ({@link JsonBodies#readLimited}). */
    byte[] body(long limit);

    /** Sets a response header, kept whether the endpoint answers or throws. */
    void header(String name, String value);
  }

  /** The exchange of a request served by Javalin. */
  static Exchange of(Context ctx) {
    return new Exchange() {
      @Override
      public byte[] body(long limit) {
        return JsonBodies.readLimited(ctx, limit);
      }

      @Override
      public void header(String name, String value) {
        ctx.header(name, value);
      }
    };
  }
}
