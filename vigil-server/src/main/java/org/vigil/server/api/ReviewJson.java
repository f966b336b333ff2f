package org.vigil.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.json.Json;
import org.vigil.core.review.Appeal;
import org.vigil.core.review.CaseDecision;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.ContentHash;
import org.vigil.core.review.Notice;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.StoredStatement;

/**
 * Request bodies and response views of the notice-and-action API. Views never carry a reporter's
 * contact or pseudonym: moderators see who kind of reporter it was, not who.
 */
final class ReviewJson {

  private ReviewJson() {}

  record Target(String contentId, String accountId, String url, String contentType) {}

  record Reporter(String kind, String id, String contact) {}

  /** Body of POST /v1/reports. */
  record Report(
      Target target,
      String category,
      String explanation,
      Reporter reporter,
      String language,
      Boolean goodFaith) {}

  /** Body of POST /v1/cases/{id}/decision. */
  record Decision(
      String action,
      String ground,
      String legalGround,
      String explanation,
      String reply,
      List<ContentHash> hashes) {}

  record Filter(String queue, String state, String category, String accountId, Boolean overdue) {}

  /** Body of POST /v1/cases/bulk-decision. */
  record Bulk(Filter filter, Decision decision, Integer limit) {}

  /** Body of POST /v1/cases/{id}/appeals. */
  record AppealBody(String reason) {}

  static Map<String, Object> target(NoticeTarget t) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("contentId", t.contentId());
    out.put("accountId", t.accountId());
    out.put("url", t.url());
    out.put("contentType", t.contentType());
    return out;
  }

  static Map<String, Object> caseView(ReviewCase c, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", c.id());
    out.put("state", c.state().wireName());
    out.put("queue", c.queue());
    out.put("priority", c.priority().wireName());
    out.put("deadline", c.deadline().toString());
    out.put("overdue", c.overdue(now));
    out.put("category", c.category().wireName());
    out.put("target", target(c.target()));
    out.put("noticeCount", c.noticeCount());
    out.put("reporterCount", c.reporterCount());
    out.put("trustedFlagger", c.trustedFlagger());
    out.put("minorInvolved", c.minorInvolved());
    out.put("source", c.source());
    out.put("policyDecisionId", c.policyDecisionId());
    out.put("escalated", c.escalated());
    out.put("appealPending", c.appealPending());
    out.put("claimedBy", c.claimedBy());
    out.put("claimExpiresAt", c.claimExpiresAt() == null ? null : c.claimExpiresAt().toString());
    out.put("createdAt", c.createdAt().toString());
    return out;
  }

  static Map<String, Object> fileView(CaseFile file, Instant now) {
    Map<String, Object> out = caseView(file.reviewCase(), now);
    List<Map<String, Object>> notices = new ArrayList<>();
    for (Notice n : file.notices()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("reportId", n.id());
      view.put("category", n.category().wireName());
      view.put("explanation", n.explanation());
      view.put("reporterKind", n.reporterKind().wireName());
      view.put("language", n.language());
      view.put("receivedAt", n.receivedAt().toString());
      notices.add(view);
    }
    out.put("reports", notices);
    List<Map<String, Object>> decisions = new ArrayList<>();
    for (CaseDecision d : file.decisions()) {
      decisions.add(decisionView(d));
    }
    out.put("decisions", decisions);
    List<Map<String, Object>> appeals = new ArrayList<>();
    for (Appeal a : file.appeals()) {
      appeals.add(appealView(a));
    }
    out.put("appeals", appeals);
    return out;
  }

  static Map<String, Object> decisionView(CaseDecision d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("decisionId", d.decisionId());
    out.put("caseId", d.caseId());
    out.put("action", d.action().wireName());
    out.put("ground", d.ground() == null ? null : d.ground().wireName());
    out.put("legalGround", d.legalGround());
    out.put("explanation", d.explanation());
    out.put("reply", d.reply());
    out.put("decidedBy", d.decidedBy());
    out.put("decidedAt", d.decidedAt().toString());
    out.put("onAppeal", d.onAppeal());
    out.put("statementPuid", d.puid());
    return out;
  }

  static Map<String, Object> appealView(Appeal a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("appealId", a.id());
    out.put("caseId", a.caseId());
    out.put("decisionId", a.decisionId());
    out.put("reason", a.reason());
    out.put("filedAt", a.filedAt().toString());
    out.put("decidedAt", a.decidedAt() == null ? null : a.decidedAt().toString());
    out.put("outcome", a.outcome());
    return out;
  }

  /**
   * @param notFiledBecause why the tenant's statements are not filed (no Transparency Database, or
   *     no token for the tenant), or null when they are: said of a pending statement
   */
  static Map<String, Object> statementView(StoredStatement s, String notFiledBecause) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("puid", s.puid());
    out.put("caseId", s.caseId());
    out.put("decisionId", s.decisionId());
    out.put("createdAt", s.createdAt().toString());
    out.put("plain", tree(s.plainJson()));
    out.put("transparencyDatabase", tree(s.transparencyJson()));
    Map<String, Object> filing = new LinkedHashMap<>();
    filing.put(
        "state", s.filedAt() != null ? "filed" : s.filingError() != null ? "rejected" : "pending");
    filing.put("filedAt", s.filedAt() == null ? null : s.filedAt().toString());
    filing.put("error", s.filingError());
    filing.put("reason", s.filedAt() == null && s.filingError() == null ? notFiledBecause : null);
    out.put("filing", filing);
    return out;
  }

  private static JsonNode tree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored statement is not JSON", e);
    }
  }
}
