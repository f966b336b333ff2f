package org.vigil.server;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.auth.Principal;

/**
 * Serves the hot JSON endpoints (a scan by hashes, decide) on Jetty's core API, in front of
 * Javalin's servlet stack. Why: a scan spends most of the server's CPU outside its own work, and
 * about a third of the request threads' profile was the servlet layers (servlet request and
 * response wrappers, Javalin's context, task queue, route lookup and compressing output stream),
 * none of which such a request needs.
 *
 * <p>Only a request Javalin would hand to exactly {@code JsonBodies.write(ctx, 200,
 * route.json().handle(...))} is served here ({@link Routes#post(String, ApiHandler, JsonEndpoint,
 * org.vigil.core.auth.Role...)}): POST to the exact path, a JSON content type, no query string, and
 * no Accept-Encoding (Javalin would compress a large answer). Everything else passes through
 * unchanged. What the request goes through is the route's, not a copy: the same key and role check
 * ({@link Routes#authorize}), body limits ({@link JsonBodies#readLimited}), error bodies ({@link
 * ErrorMapper#reply}), latency timer and request-log line.
 */
final class FastRoutes extends Handler.Wrapper {

  private static final Logger LOG = LoggerFactory.getLogger(FastRoutes.class);

  private final Routes routes;
  private final Map<String, Routes.FastRoute> byPath;
  private final LongAdder served = new LongAdder();

  FastRoutes(Routes routes) {
    this.routes = routes;
    this.byPath = routes.fastRoutes();
  }

  /** How many requests were served here (tests check that a request took this path). */
  long served() {
    return served.sum();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Routes.FastRoute route = match(request);
    if (route == null) {
      return super.handle(request, response, callback);
    }
    served.increment();
    serve(route, request, response, callback);
    return true;
  }

  private Routes.FastRoute match(Request request) {
    if (byPath.isEmpty() || !HttpMethod.POST.is(request.getMethod())) {
      return null;
    }
    HttpURI uri = request.getHttpURI();
    Routes.FastRoute route = byPath.get(uri.getPath());
    if (route == null || uri.getQuery() != null) {
      return null;
    }
    HttpFields headers = request.getHeaders();
    String type = headers.get(HttpHeader.CONTENT_TYPE);
    if (type == null
        || !type.regionMatches(true, 0, "application/json", 0, 16)
        || headers.contains(HttpHeader.ACCEPT_ENCODING)) {
      return null;
    }
    return route;
  }

  private void serve(
      Routes.FastRoute route, Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    HttpFields.Mutable out = response.getHeaders();
    String method = request.getMethod();
    // The key once known, also when its role is refused (the log line names it).
    Principal[] caller = new Principal[1];
    int status;
    byte[] body;
    try {
      Principal allowed =
          routes.authorize(
              method,
              route.path(),
              route.roles(),
              request.getHeaders().get(HttpHeader.AUTHORIZATION),
              out::put,
              known -> caller[0] = known);
      body = JsonBodies.bytes(route.json().handle(exchange(request, out), allowed));
      status = 200;
      route.timer().record(status, System.nanoTime() - start);
    } catch (Exception e) {
      route.timer().record(ErrorMapper.statusOf(e), System.nanoTime() - start);
      ErrorMapper.Reply reply = ErrorMapper.reply(e, method, request.getHttpURI().getPath());
      status = reply.status();
      body = reply.body();
    } catch (Error e) {
      // As Javalin's fatal-error handler in VigilServer: logged, 500 without a body.
      LOG.error("fatal error while handling a request", e);
      route.timer().record(500, System.nanoTime() - start);
      status = 500;
      body = new byte[0];
    }
    response.setStatus(status);
    if (body.length > 0) {
      out.put(HttpHeader.CONTENT_TYPE, "application/json");
    }
    out.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    RequestLog.log(
        method,
        route.path(),
        status,
        Math.round((System.nanoTime() - start) / 1e6f),
        caller[0],
        Request.getRemoteAddr(request));
  }

  private static JsonEndpoint.Exchange exchange(Request request, HttpFields.Mutable out) {
    return new JsonEndpoint.Exchange() {
      @Override
      public byte[] body(long limit) {
        return JsonBodies.readLimited(request.getLength(), () -> unclosable(request), limit);
      }

      @Override
      public void header(String name, String value) {
        out.put(name, value);
      }
    };
  }

  /**
   * The request body as a stream whose close leaves the request alone: closing Jetty's stream
   * before the end fails the request's content, where the servlet stream's close does not; Jetty
   * deals with an unread rest after the answer either way.
   */
  private static InputStream unclosable(Request request) {
    return new FilterInputStream(Content.Source.asInputStream(request)) {
      @Override
      public void close() {}
    };
  }
}
