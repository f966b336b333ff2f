package org.vigil.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.error.VigilException;
import org.vigil.core.intake.Account;
import org.vigil.core.intake.DecideJson;
import org.vigil.core.json.Json;
import org.vigil.core.minors.AccountDirectory;
import org.vigil.core.minors.ExistingAccountsReview;
import org.vigil.core.minors.ReviewActionOutbox;
import org.vigil.core.usecases.Decide;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.JsonEndpoint;
import org.vigil.server.Routes;
import org.vigil.server.TokenBuckets;

/**
 * The decision API shared by minimum age / minor protection and court orders, and account
 * registration: {@code POST /v1/decide}, {@code PUT|GET /v1/accounts/{id}}, {@code POST
 * /v1/accounts/review} (the existing-accounts job) and {@code GET /v1/accounts/actions} (its
 * outbox). Every decision and every account change is audit-logged; contact identifiers sent for
 * court-order checks are never logged or stored here. Accounts and review actions are the caller's
 * tenant's: another tenant's account is answered exactly like one that does not exist.
 */
public final class MinorsApi implements ApiModule {

  static final long MAX_DECIDE_BYTES = 64 * 1024;
  static final long MAX_ACCOUNT_BYTES = 1024 * 1024;

  private final Decide decide;
  private final AccountDirectory accounts;
  private final ExistingAccountsReview review;
  private final ReviewActionOutbox outbox;
  private final AuditLog audit;
  private final Clock clock;
  private final TokenBuckets decideLimit;

  public MinorsApi(
      Decide decide,
      AccountDirectory accounts,
      ExistingAccountsReview review,
      ReviewActionOutbox outbox,
      AuditLog audit,
      Clock clock,
      TokenBuckets decideLimit) {
    this.decideLimit = decideLimit;
    this.decide = decide;
    this.accounts = accounts;
    this.review = review;
    this.outbox = outbox;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void register(Routes routes) {
    routes.postJson("/v1/decide", this::decide, Role.PLATFORM);
    // Fixed paths before /v1/accounts/{id}, which would otherwise take "actions" as an id.
    routes.post("/v1/accounts/review", this::runReview, Role.PLATFORM, Role.ADMIN);
    routes.get("/v1/accounts/actions", this::actions, Role.PLATFORM, Role.AUDITOR, Role.ADMIN);
    routes.put("/v1/accounts/{id}", this::putAccount, Role.PLATFORM);
    routes.get("/v1/accounts/{id}", this::getAccount, Role.PLATFORM, Role.AUDITOR, Role.ADMIN);
  }

  private Object decide(JsonEndpoint.Exchange exchange, Principal caller) {
    // Per key, before any work: decide answers whether identifiers are under a court order.
    long retryAfter = decideLimit.take(caller.actor());
    if (retryAfter > 0) {
      exchange.header("Retry-After", Long.toString(retryAfter));
      throw ApiException.rateLimited(retryAfter);
    }
    return decide.decide(DecideJson.readRequest(tree(exchange.body(MAX_DECIDE_BYTES))), caller);
  }

  private void putAccount(Context ctx, Principal caller) {
    String id = ctx.pathParam("id");
    Account account = DecideJson.readAccount(id, tree(ctx, MAX_ACCOUNT_BYTES), clock.instant());
    boolean existed = !accounts.put(caller.tenant(), account);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tenant", caller.tenant());
    details.put("country", account.country());
    details.put("ageSignals", account.ageSignals().size());
    details.put("connections", account.connections().size());
    details.put("parentalConsent", account.parentalConsent());
    audit.record(
        caller.actor(), existed ? "account.update" : "account.create", "account:" + id, details);
    JsonBodies.write(ctx, existed ? 200 : 201, DecideJson.writeAccount(account));
  }

  private void getAccount(Context ctx, Principal caller) {
    String id = ctx.pathParam("id");
    Account account =
        accounts
            .find(caller.tenant(), id)
            .orElseThrow(() -> VigilException.notFound("account", id));
    JsonBodies.write(ctx, 200, DecideJson.writeAccount(account));
  }

  private void runReview(Context ctx, Principal caller) {
    JsonNode body = tree(ctx, MAX_DECIDE_BYTES);
    if (!body.isObject()) {
      throw ApiException.invalid("body", "must be a JSON object");
    }
    for (String name : iterable(body)) {
      if (!name.equals("service") && !name.equals("at")) {
        throw new ApiException(422, "unknown_field", "unknown field '" + name + "'", name);
      }
    }
    ServiceCategory service;
    try {
      service = ServiceCategory.fromWire(body.path("service").asText(null));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("service", e.getMessage());
    }
    Instant at = clock.instant();
    if (body.hasNonNull("at")) {
      try {
        at = OffsetDateTime.parse(body.get("at").asText()).toInstant();
      } catch (DateTimeParseException e) {
        throw ApiException.invalid("at", "not a timestamp (e.g. 2026-11-23T10:00:00Z)");
      }
    }
    Instant now = clock.instant();
    AtomicInteger recorded = new AtomicInteger();
    ExistingAccountsReview.Summary summary =
        review.run(
            caller.tenant(),
            service,
            at,
            finding -> {
              if (outbox.record(finding, service, finding.decision().dataVersion(), now)) {
                recorded.incrementAndGet();
              }
            });
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("service", service.wireName());
    result.put("at", at.toString());
    result.put("scanned", summary.scanned());
    result.put("skipped", summary.skipped());
    result.put("flagged", summary.flagged());
    result.put("newActions", recorded.get());
    result.put("policyVersion", summary.policyVersion());
    Map<String, Object> audited = new LinkedHashMap<>(result);
    audited.put("tenant", caller.tenant());
    audit.record(caller.actor(), "accounts.review", "accounts", audited);
    JsonBodies.write(ctx, 200, result);
  }

  private void actions(Context ctx, Principal caller) {
    long after = BanksApi.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
    int limit = (int) BanksApi.longParam(ctx, "limit", 100, 1, 1000);
    var page = outbox.after(caller.tenant(), after, limit);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("actions", page);
    result.put("next", page.isEmpty() ? after : page.get(page.size() - 1).id());
    JsonBodies.write(ctx, 200, result);
  }

  private static Iterable<String> iterable(JsonNode node) {
    return node::fieldNames;
  }

  private static JsonNode tree(Context ctx, long limit) {
    return tree(JsonBodies.readLimited(ctx, limit));
  }

  private static JsonNode tree(byte[] body) {
    if (body.length == 0) {
      throw ApiException.malformedJson("request body is empty; expected a JSON object");
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.malformedJson("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public String openApiResource() {
    return "openapi/minors.json";
  }
}
