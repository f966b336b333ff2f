package org.vigil.server.api;

import java.util.Map;
import org.vigil.core.auth.Role;
import org.vigil.core.records.LegalHolds;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * Legal holds on decision subjects: while a subject is held, the retention job deletes none of its
 * decisions. Admins place and lift holds; auditors may see them. Always within the caller's tenant.
 */
public final class LegalHoldsApi implements ApiModule {

  private static final long BODY_LIMIT = 16 * 1024;

  private final LegalHolds holds;

  public LegalHoldsApi(LegalHolds holds) {
    this.holds = holds;
  }

  /** Body of POST /v1/legal-holds. */
  record PlaceHold(String subject, String reason) {}

  @Override
  public void register(Routes routes) {
    routes.post(
        "/v1/legal-holds",
        (ctx, caller) -> {
          PlaceHold body = JsonBodies.read(ctx, PlaceHold.class, BODY_LIMIT);
          JsonBodies.write(ctx, 201, holds.place(caller, body.subject(), body.reason()));
        },
        Role.ADMIN);
    routes.get(
        "/v1/legal-holds",
        (ctx, caller) -> JsonBodies.write(ctx, 200, Map.of("holds", holds.list(caller))),
        Role.ADMIN,
        Role.AUDITOR);
    routes.delete(
        "/v1/legal-holds",
        (ctx, caller) -> {
          // A query parameter, not a path segment: subjects are free text (content ids, URLs).
          String subject = ctx.queryParam("subject");
          if (subject == null || subject.isBlank()) {
            throw ApiException.invalid("subject", "is required: the held subject");
          }
          holds.release(caller, subject);
          ctx.status(204);
        },
        Role.ADMIN);
  }

  @Override
  public String openApiResource() {
    return "openapi/legal-holds.json";
  }
}
