package org.vigil.server;

import io.javalin.http.Context;
import org.vigil.core.auth.Principal;

/** A handler for an authenticated endpoint: it receives the caller already checked. */
@FunctionalInterface
public interface ApiHandler {
  void handle(Context ctx, Principal caller) throws Exception;
}
