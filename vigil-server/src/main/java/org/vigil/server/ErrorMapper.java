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
    routes.exception(
        ApiException.class,
        (e, ctx) -> write(ctx, e.status(), e.code(), e.getMessage(), e.field()));
    routes.exception(
        InvalidPolicyException.class,
        (e, ctx) -> {
          try {
            ctx.status(422)
                .contentType("application/json")
                .result(
                    Json.MAPPER.writeValueAsBytes(
                        new PolicyErrorBody(
                            e.code(), e.getMessage(), e.field(), e.line(), e.column())));
          } catch (JsonProcessingException failure) {
            write(ctx, 422, e.code(), e.getMessage(), e.field());
          }
        });
    routes.exception(
        VigilException.class,
        (e, ctx) -> write(ctx, statusOf(e), e.code(), e.getMessage(), e.field()));
    routes.exception(
        StorageException.class,
        (e, ctx) -> {
          if (e.valueTooLong()) {
            LOG.warn("value too long on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            write(ctx, 422, "value_too_long", "a field is longer than allowed", null);
            return;
          }
          LOG.error("storage failure on {} {}", ctx.method(), ctx.path(), e);
          write(ctx, 503, "store_unavailable", "the database is unavailable; retry later", null);
        });
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          String id = Long.toHexString(System.nanoTime());
          LOG.error("unexpected failure {} on {} {}", id, ctx.method(), ctx.path(), e);
          write(ctx, 500, "internal_error", "unexpected failure (reference " + id + ")", null);
        });
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
    try {
      ctx.status(status)
          .contentType("application/json")
          .result(Json.MAPPER.writeValueAsBytes(new ErrorBody(code, message, field)));
    } catch (JsonProcessingException e) {
      ctx.status(500).result("{\"error\":\"internal_error\",\"message\":null,\"field\":null}");
    }
  }
}
