package org.vigil.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.error.StorageException;
import org.vigil.core.error.VigilException;
import org.vigil.core.json.Json;
import org.vigil.core.policy.InvalidPolicyException;

/**
 * Maps every failure to a status and the JSON error body, in one place. Clients never see a stack
 * trace; unexpected failures are logged here with one id the client can quote.
 */
final class ErrorMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  /**
   * @param allowedMethods the methods a request path admits ("GET, POST"), for the Allow header of
   *     a 405
   */
  static void install(
      RoutesConfig routes, java.util.function.UnaryOperator<String> allowedMethods) {
    // Javalin's own HttpResponseExceptions keep their handler; everything else is answered here.
    routes.exception(
        Exception.class, (e, ctx) -> send(ctx, reply(e, ctx.method().name(), ctx.path())));
    routes.error(
        404,
        ctx -> {
          if (isEmpty(ctx)) {
            write(
                ctx,
                404,
                "not_found",
                "no such endpoint: " + ctx.method() + " " + ctx.path(),
                null);
          }
        });
    routes.error(
        405,
        ctx -> {
          String allow = allowedMethods.apply(ctx.path());
          if (!allow.isEmpty()) {
            ctx.header("Allow", allow);
          }
          if (isEmpty(ctx)) {
            write(
                ctx,
                405,
                "method_not_allowed",
                ctx.method() + " is not allowed here; allowed: " + allow,
                null);
          }
        });
  }

  /** True unless a handler already wrote one of our JSON error bodies. */
  private static boolean isEmpty(Context ctx) {
    String type = ctx.res().getContentType();
    return type == null || !type.startsWith("application/json");
  }

  /** A failure's answer: its status and JSON error body. */
  record Reply(int status, byte[] body) {}

  /**
   * The answer to a failure of {@code method path}; unexpected failures and storage failures are
   * logged here (the client gets a reference, never a stack trace).
   */
  static Reply reply(Throwable e, String method, String path) {
    if (e instanceof ApiException api) {
      return reply(api.status(), api.code(), api.getMessage(), api.field());
    }
    if (e instanceof InvalidPolicyException policy) {
      try {
        return new Reply(
            422,
            Json.MAPPER.writeValueAsBytes(
                new PolicyErrorBody(
                    policy.code(),
                    policy.getMessage(),
                    policy.field(),
                    policy.line(),
                    policy.column())));
      } catch (JsonProcessingException failure) {
        return reply(422, policy.code(), policy.getMessage(), policy.field());
      }
    }
    if (e instanceof VigilException vigil) {
      return reply(statusOf(vigil), vigil.code(), vigil.getMessage(), vigil.field());
    }
    if (e instanceof StorageException storage) {
      if (storage.valueTooLong()) {
        LOG.warn("value too long on {} {}: {}", method, path, storage.getMessage());
        return reply(422, "value_too_long", "a field is longer than allowed", null);
      }
      LOG.error("storage failure on {} {}", method, path, storage);
      return reply(503, "store_unavailable", "the database is unavailable; retry later", null);
    }
    String id = Long.toHexString(System.nanoTime());
    LOG.error("unexpected failure {} on {} {}", id, method, path, e);
    return reply(500, "internal_error", "unexpected failure (reference " + id + ")", null);
  }

  private static Reply reply(int status, String code, String message, String field) {
    try {
      return new Reply(status, Json.MAPPER.writeValueAsBytes(new ErrorBody(code, message, field)));
    } catch (JsonProcessingException e) {
      return new Reply(
          500,
          "{\"error\":\"internal_error\",\"message\":null,\"field\":null}"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static void send(Context ctx, Reply reply) {
    ctx.status(reply.status()).contentType("application/json").result(reply.body());
  }

  static int statusOf(Throwable e) {
    if (e instanceof ApiException api) {
      return api.status();
    }
    if (e instanceof VigilException vigil) {
      return switch (vigil.kind()) {
        case INVALID -> 422;
        case MALFORMED -> 400;
        case NOT_FOUND -> 404;
        case CONFLICT -> 409;
        case TOO_LARGE -> 413;
        case UNSUPPORTED_MEDIA -> 415;
        case FORBIDDEN -> 403;
      };
    }
    if (e instanceof StorageException storage) {
      return storage.valueTooLong() ? 422 : 503;
    }
    return 500;
  }

  static void write(Context ctx, int status, String code, String message, String field) {
    send(ctx, reply(status, code, message, field));
  }
}
