package org.vigil.server.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.vigil.core.auth.Role;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * The evidence vault over HTTP, for specialists and admins only: list what a decision or case
 * preserved, read an item's decrypted bytes (audited, never cached), place and lift legal holds.
 * There are no public URLs: every read goes through an authenticated, audited call.
 */
public final class EvidenceApi implements ApiModule {

  private static final long BODY_LIMIT = 16 * 1024;

  private final EvidenceVault vault;

  public EvidenceApi(EvidenceVault vault) {
    this.vault = vault;
  }

  record HoldRequest(String reason, String until) {}

  @Override
  public void register(Routes routes) {
    routes.get(
        "/v1/evidence",
        (ctx, caller) -> {
          String source = ctx.queryParam("source");
          if (source == null || source.isBlank()) {
            throw ApiException.invalid("source", "is required: a decision id or a case id");
          }
          JsonBodies.write(
              ctx, 200, Map.of("items", vault.bySource(caller.tenant(), source.trim())));
        },
        Role.SPECIALIST,
        Role.ADMIN);
    routes.get(
        "/v1/evidence/{id}",
        (ctx, caller) -> {
          String id = ctx.pathParam("id");
          EvidenceItem item = vault.describe(caller.tenant(), id);
          byte[] bytes = vault.read(caller.tenant(), id, caller.actor());
          ctx.status(200)
              .header("Cache-Control", "no-store")
              .header("X-Content-Type-Options", "nosniff")
              .header("Content-Disposition", "attachment; filename=\"" + id + "\"")
              .header("X-Vigil-Sha256", item.sha256())
              .contentType(item.mediaType())
              .result(bytes);
        },
        Role.SPECIALIST,
        Role.ADMIN);
    routes.post(
        "/v1/evidence/{id}/hold",
        (ctx, caller) -> {
          HoldRequest body = JsonBodies.read(ctx, HoldRequest.class, BODY_LIMIT);
          Instant until = null;
          if (body.until() != null) {
            try {
              until = Instant.parse(body.until());
            } catch (DateTimeParseException e) {
              throw ApiException.invalid(
                  "until", "must be an ISO-8601 instant, e.g. 2028-01-01T00:00:00Z");
            }
          }
          JsonBodies.write(
              ctx,
              200,
              vault.hold(
                  caller.tenant(), ctx.pathParam("id"), body.reason(), until, caller.actor()));
        },
        Role.SPECIALIST,
        Role.ADMIN);
    routes.delete(
        "/v1/evidence/{id}/hold",
        (ctx, caller) ->
            JsonBodies.write(
                ctx, 200, vault.release(caller.tenant(), ctx.pathParam("id"), caller.actor())),
        Role.ADMIN);
  }

  @Override
  public String openApiResource() {
    return "openapi/evidence.json";
  }
}
