package org.vigil.server.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.review.Appeal;
import org.vigil.core.review.CaseDecision;
import org.vigil.core.review.CaseQuery;
import org.vigil.core.review.CaseReview;
import org.vigil.core.review.CaseState;
import org.vigil.core.review.CaseStore;
import org.vigil.core.review.DecisionRequest;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeIntake;
import org.vigil.core.review.NoticeRequest;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.ReviewCase;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * Notice and action (DSA Art. 16, 17, 20, 22; TAKE IT DOWN Act): platforms submit notices and
 * appeals on behalf of their users, moderators work the cases, anyone entitled reads the statement
 * of reasons. The handlers only translate: the use cases are {@link NoticeIntake} and {@link
 * CaseReview}.
 */
public final class ReviewApi implements ApiModule {

  private static final long MAX_BODY = 64 * 1024;
  private static final int DEFAULT_LIMIT = 100;

  private final NoticeIntake intake;
  private final CaseReview review;

  public ReviewApi(NoticeIntake intake, CaseReview review) {
    this.intake = intake;
    this.review = review;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/v1/reports", this::report, Role.PLATFORM, Role.ADMIN);
    routes.get("/v1/cases", this::list, Role.MODERATOR, Role.SPECIALIST, Role.AUDITOR, Role.ADMIN);
    routes.post("/v1/cases/bulk-decision", this::bulk, Role.MODERATOR, Role.SPECIALIST);
    routes.get(
        "/v1/cases/{id}",
        (ctx, caller) ->
            JsonBodies.write(
                ctx,
                200,
                ReviewJson.fileView(
                    review.file(tenant(caller), ctx.pathParam("id")), review.now())),
        Role.MODERATOR,
        Role.SPECIALIST,
        Role.AUDITOR,
        Role.ADMIN);
    routes.post(
        "/v1/cases/{id}/claim",
        (ctx, caller) -> {
          ReviewCase claimed = review.claim(tenant(caller), ctx.pathParam("id"), caller.actor());
          JsonBodies.write(ctx, 200, ReviewJson.caseView(claimed, review.now()));
        },
        Role.MODERATOR,
        Role.SPECIALIST);
    routes.post(
        "/v1/cases/{id}/release",
        (ctx, caller) -> {
          if (!review.release(tenant(caller), ctx.pathParam("id"), caller.actor())) {
            throw new ApiException(
                409, "not_claimed", "you do not hold a claim on case " + ctx.pathParam("id"), null);
          }
          ctx.status(204);
        },
        Role.MODERATOR,
        Role.SPECIALIST);
    routes.post("/v1/cases/{id}/decision", this::decide, Role.MODERATOR, Role.SPECIALIST);
    routes.get(
        "/v1/cases/{id}/statement",
        (ctx, caller) ->
            JsonBodies.write(
                ctx,
                200,
                ReviewJson.statementView(
                    review.statement(tenant(caller), ctx.pathParam("id")),
                    review.notFiledBecause(tenant(caller)))),
        Role.PLATFORM,
        Role.MODERATOR,
        Role.SPECIALIST,
        Role.AUDITOR,
        Role.ADMIN);
    routes.post("/v1/cases/{id}/appeals", this::appeal, Role.PLATFORM, Role.ADMIN);
    routes.get(
        "/v1/review/stats",
        (ctx, caller) -> JsonBodies.write(ctx, 200, review.counts(tenant(caller))),
        Role.AUDITOR,
        Role.ADMIN);
  }

  /** The caller's tenant: every case belongs to one. */
  static String tenant(Principal caller) {
    return caller.tenant();
  }

  private void report(Context ctx, Principal caller) {
    ReviewJson.Report body = JsonBodies.read(ctx, ReviewJson.Report.class, MAX_BODY);
    ReviewJson.Target t = body.target();
    ReviewJson.Reporter r = body.reporter();
    if (r == null) {
      throw ApiException.invalid("reporter", "reporter is required: {\"kind\": ...}");
    }
    NoticeRequest request =
        new NoticeRequest(
            t == null
                ? null
                : new NoticeTarget(t.contentId(), t.accountId(), t.url(), t.contentType()),
            body.category(),
            body.explanation(),
            r.kind(),
            r.id(),
            r.contact(),
            body.language(),
            body.goodFaith());
    CaseStore.Admission admission = intake.submit(tenant(caller), request, caller.actor());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reportId", admission.notice().id());
    out.put("caseId", admission.reviewCase().id());
    out.put("deadline", admission.reviewCase().deadline().toString());
    JsonBodies.write(ctx, 201, out);
  }

  private void list(Context ctx, Principal caller) {
    CaseQuery query =
        query(
            tenant(caller),
            ctx.queryParam("queue"),
            ctx.queryParam("state"),
            ctx.queryParam("category"),
            ctx.queryParam("accountId"),
            booleanParam(ctx.queryParam("overdue"), "overdue"),
            limitParam(ctx.queryParam("limit")),
            review.now(),
            "");
    List<Map<String, Object>> cases = new ArrayList<>();
    for (ReviewCase c : review.list(query)) {
      cases.add(ReviewJson.caseView(c, query.now()));
    }
    JsonBodies.write(ctx, 200, Map.of("cases", cases));
  }

  private void decide(Context ctx, Principal caller) {
    ReviewJson.Decision body = JsonBodies.read(ctx, ReviewJson.Decision.class, MAX_BODY);
    CaseDecision decision =
        review.decide(tenant(caller), ctx.pathParam("id"), caller.actor(), request(body));
    JsonBodies.write(ctx, 201, ReviewJson.decisionView(decision));
  }

  private void bulk(Context ctx, Principal caller) {
    ReviewJson.Bulk body = JsonBodies.read(ctx, ReviewJson.Bulk.class, MAX_BODY);
    if (body.filter() == null) {
      throw ApiException.invalid("filter", "filter is required (at least {})");
    }
    if (body.decision() == null) {
      throw ApiException.invalid("decision", "decision is required");
    }
    ReviewJson.Filter f = body.filter();
    CaseQuery query =
        query(
            tenant(caller),
            f.queue(),
            f.state(),
            f.category(),
            f.accountId(),
            f.overdue(),
            body.limit() == null ? DEFAULT_LIMIT : body.limit(),
            review.now(),
            "filter.");
    if (query.state() == CaseState.DECIDED) {
      throw ApiException.invalid("filter.state", "decided cases cannot be decided again");
    }
    CaseReview.BulkResult result =
        review.decideAll(query, caller.actor(), request(body.decision()));
    List<Map<String, Object>> decided = new ArrayList<>();
    for (CaseDecision d : result.decided()) {
      decided.add(ReviewJson.decisionView(d));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("decided", decided.size());
    out.put("actions", result.actions());
    out.put("decisions", decided);
    out.put("skipped", result.skipped());
    JsonBodies.write(ctx, 200, out);
  }

  private void appeal(Context ctx, Principal caller) {
    ReviewJson.AppealBody body = JsonBodies.read(ctx, ReviewJson.AppealBody.class, MAX_BODY);
    Appeal appeal =
        review.appeal(tenant(caller), ctx.pathParam("id"), body.reason(), caller.actor());
    ReviewCase c = review.file(tenant(caller), appeal.caseId()).reviewCase();
    Map<String, Object> out = ReviewJson.appealView(appeal);
    out.put("state", c.state().wireName());
    out.put("deadline", c.deadline().toString());
    JsonBodies.write(ctx, 201, out);
  }

  private static DecisionRequest request(ReviewJson.Decision body) {
    return new DecisionRequest(
        body.action(),
        body.ground(),
        body.legalGround(),
        body.explanation(),
        body.reply(),
        body.hashes());
  }

  static CaseQuery query(
      String tenant,
      String queue,
      String state,
      String category,
      String accountId,
      Boolean overdue,
      int limit,
      Instant now,
      String prefix) {
    CaseState caseState = null;
    if (state != null) {
      caseState = CaseState.fromWire(state);
      if (caseState == null) {
        throw ApiException.invalid(
            prefix + "state",
            "state must be open, claimed, decided or appealed; got '" + state + "'");
      }
    }
    NoticeCategory noticeCategory = null;
    if (category != null) {
      noticeCategory = NoticeCategory.fromWire(category);
      if (noticeCategory == null) {
        throw ApiException.invalid(
            prefix + "category",
            "category must be one of " + NoticeCategory.wireNames() + "; got '" + category + "'");
      }
    }
    if (limit < 1 || limit > 500) {
      throw ApiException.invalid(prefix + "limit", "limit must be between 1 and 500");
    }
    return new CaseQuery(
        tenant,
        blankToNull(queue),
        caseState,
        overdue,
        noticeCategory,
        blankToNull(accountId),
        now,
        limit);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Boolean booleanParam(String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw ApiException.invalid(name, name + " must be true or false; got '" + value + "'");
  }

  private static int limitParam(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("limit", "limit must be a whole number between 1 and 500");
    }
  }

  @Override
  public String openApiResource() {
    return "openapi/review.json";
  }
}
