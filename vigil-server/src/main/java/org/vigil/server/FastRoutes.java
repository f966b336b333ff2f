package org.vigil.server;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
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
import org.vigil.core.records.CommitScope;

/**
 * Serves the hot JSON endpoints (a scan by hashes, decide) on Jetty's core API, in front of
 * Javalin's servlet stack. Why: a scan spends most of the server's CPU outside its own work, and
 * about a third of the request threads' profile was the servlet layers (servlet request and
 * response wrappers, Javalin's context, task queue, route lookup and compressing output stream),
 * none of which such a request needs.
 *
 * <p>Only a request Javalin would hand to exactly {@code JsonBodies.write(ctx, 200,
 * route.json().handle(...))} is served here ({@link Routes#post(String, ApiHandler, JsonEndpoint,
 * org.vigil.core.auth.Role...)}): POST to the exact path, a JSON content type and no query string.
 * Everything else passes through unchanged. What the request goes through is the route's, not a
 * copy: the same key and role check ({@link Routes#authorize}), body limits ({@link
 * JsonBodies#readLimited}), error bodies ({@link ErrorMapper#reply}), latency timer, request-log
 * line, and compression of a large answer for a client that accepts gzip ({@link GzipAnswers}).
 */
final class FastRoutes extends Handler.Wrapper {

  private static final Logger LOG = LoggerFactory.getLogger(FastRoutes.class);

  private final Routes routes;
  private final Map<String, Routes.FastRoute> byPath;
  private final LongAdder served = new LongAdder();
  private final AnswerQueue answers = new AnswerQueue(this::execute);

  FastRoutes(Routes routes) {
    this.routes = routes;
    this.byPath = routes.fastRoutes();
  }

  /** Runs {@code task} on the server's thread pool, or here when the pool refuses it (stopping). */
  private void execute(Runnable task) {
    try {
      if (getServer().getThreadPool() instanceof DeferringThreadPool pool) {
        pool.execute(() -> pool.deferring(task));
        return;
      }
      getServer().getThreadPool().execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
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
    if (type == null || !type.regionMatches(true, 0, "application/json", 0, 16)) {
      return null;
    }
    return route;
  }

  private void serve(
      Routes.FastRoute route, Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    HttpFields.Mutable out = response.getHeaders();
    // The key once known, also when its role is refused (the log line names it).
    Principal[] caller = new Principal[1];
    byte[] body = null;
    Throwable failure = null;
    // The decision's commit is queued, not waited for: this thread goes back to Jetty, and the
    // answer is written once the commit is durable (CommitScope).
    CommitScope scope = CommitScope.open();
    try {
      Principal allowed =
          routes.authorize(
              request.getMethod(),
              route.path(),
              route.roles(),
              request.getHeaders().get(HttpHeader.AUTHORIZATION),
              out::put,
              known -> caller[0] = known);
      body = JsonBodies.bytes(route.json().handle(exchange(request, out), allowed));
    } catch (Exception | Error e) {
      failure = e;
    } finally {
      scope.close();
    }
    CompletableFuture<?> durable = scope.durable();
    Principal known = caller[0];
    if (durable == null) {
      answer(route, request, response, callback, start, known, body, failure);
      return;
    }
    byte[] answered = body;
    Throwable thrown = failure;
    // Nothing is written before the commit: a 200 means the decision is on disk. A failed commit
    // is answered as the append would have thrown it, whatever the handler did after it.
    BiConsumer<Object, Throwable> committed =
        (ignored, commitFailure) -> {
          try {
            if (commitFailure == null) {
              answer(route, request, response, callback, start, known, answered, thrown);
            } else {
              answer(
                  route,
                  request,
                  response,
                  callback,
                  start,
                  known,
                  null,
                  CommitScope.failure(commitFailure));
            }
          } catch (RuntimeException | Error e) {
            LOG.error("could not answer a request after its commit", e);
            callback.failed(e);
          }
        };
    if (durable.isDone()) {
      durable.whenComplete(committed);
    } else {
      // Completed on the group-commit writer's thread, which must go back to committing: the
      // answers are written by a Jetty thread (AnswerQueue).
      durable.whenComplete(
          (ignored, commitFailure) -> answers.add(() -> committed.accept(null, commitFailure)));
    }
  }

  /** Writes the answer: {@code body} with 200, or the answer to {@code failure}. */
  private static void answer(
      Routes.FastRoute route,
      Request request,
      Response response,
      Callback callback,
      long start,
      Principal caller,
      byte[] body,
      Throwable failure) {
    String method = request.getMethod();
    int status;
    if (failure == null) {
      status = 200;
    } else if (failure instanceof Error) {
      // As Javalin's fatal-error handler in VigilServer: logged, 500 without a body.
      LOG.error("fatal error while handling a request", failure);
      status = 500;
      body = new byte[0];
    } else {
      ErrorMapper.Reply reply = ErrorMapper.reply(failure, method, request.getHttpURI().getPath());
      status = reply.status();
      body = reply.body();
    }
    route
        .timer()
        .record(
            failure instanceof Exception ? ErrorMapper.statusOf(failure) : status,
            System.nanoTime() - start);
    HttpFields.Mutable out = response.getHeaders();
    response.setStatus(status);
    if (body.length > 0) {
      out.put(HttpHeader.CONTENT_TYPE, "application/json");
    }
    if (GzipAnswers.worthIt(body)
        && GzipAnswers.accepted(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING))) {
      body = GzipAnswers.gzip(body);
      out.put(HttpHeader.CONTENT_ENCODING, "gzip");
    }
    out.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    RequestLog.log(
        method,
        route.path(),
        status,
        Math.round((System.nanoTime() - start) / 1e6f),
        caller,
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
