package org.vigil.server.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.actions.Verdict;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.error.VigilException;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionPage;
import org.vigil.core.records.DecisionQuery;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * {@code GET /v1/decisions/{id}} and {@code GET /v1/decisions}: every decision of the caller's
 * tenant, scans and decide calls alike, newest first, filtered by subject, kind, verdict and time.
 */
public final class DecisionsApi implements ApiModule {

  private final DecisionLog decisions;

  public DecisionsApi(DecisionLog decisions) {
    this.decisions = decisions;
  }

  @Override
  public void register(Routes routes) {
    routes.get(
        "/v1/decisions/{id}",
        (ctx, caller) ->
            JsonBodies.write(
                ctx,
                200,
                DecisionJson.full(
                    decisions
                        .find(caller.tenant(), ctx.pathParam("id"))
                        .orElseThrow(
                            () -> VigilException.notFound("decision", ctx.pathParam("id"))))),
        Role.PLATFORM,
        Role.MODERATOR,
        Role.AUDITOR,
        Role.ADMIN);
    routes.get(
        "/v1/decisions", this::list, Role.PLATFORM, Role.MODERATOR, Role.AUDITOR, Role.ADMIN);
  }

  private void list(Context ctx, Principal caller) {
    DecisionKind kind = null;
    if (ctx.queryParam("kind") != null) {
      try {
        kind = DecisionKind.fromWire(ctx.queryParam("kind"));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("kind", e.getMessage());
      }
    }
    Verdict verdict = null;
    if (ctx.queryParam("verdict") != null) {
      try {
        verdict = Verdict.fromWire(ctx.queryParam("verdict"));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("verdict", e.getMessage());
      }
    }
    int limit = (int) BanksApi.longParam(ctx, "limit", 100, 1, DecisionQuery.MAX_LIMIT);
    String after = ctx.queryParam("after");
    if (after != null && !after.matches("dec_[0-9a-f]{32}")) {
      throw ApiException.invalid("after", "after is the 'next' cursor of a previous page");
    }
    String subject = ctx.queryParam("subject");
    if (subject != null && (subject.isEmpty() || subject.length() > 256)) {
      throw ApiException.invalid("subject", "subject is 1 to 256 characters");
    }
    DecisionPage page =
        decisions.query(
            new DecisionQuery(
                caller.tenant(),
                subject,
                kind,
                verdict,
                instant(ctx, "from"),
                instant(ctx, "to"),
                after,
                limit));
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, Object>> items = page.decisions().stream().map(DecisionJson::full).toList();
    body.put("decisions", items);
    body.put("next", page.next());
    JsonBodies.write(ctx, 200, body);
  }

  static Instant instant(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(name, name + " is a timestamp such as 2026-11-23T10:00:00Z");
    }
  }

  @Override
  public String openApiResource() {
    return "openapi/decisions.json";
  }
}
