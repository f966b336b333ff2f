package org.vigil.core.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.AgeRuleFinding;
import org.vigil.core.signal.CourtOrderHit;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HashQuality;
import org.vigil.core.signal.HeldMatch;
import org.vigil.core.signal.ReportSignal;
import org.vigil.core.signal.Score;
import org.vigil.core.signal.Signal;

/**
 * Turns a decision's signals and context into the variables a policy reads. Built only from what a
 * decision record stores, so a stored decision re-evaluates exactly (backtests, shadow reports).
 *
 * <p>Variables (CEL maps with snake_case keys; integers are CEL {@code int}):
 *
 * <ul>
 *   <li>{@code matches}: list of {bank, signal_id, type, distance, category, source, action}
 *   <li>{@code content}: {id, type, mime, pdq_quality, pdq_skipped} (content decisions)
 *   <li>{@code uploader}, {@code actor}, {@code target}: {known, min_age, max_age (absent when
 *       unbounded), assurance, confidence, may_be_minor, flags}; {@code uploader} and {@code actor}
 *       are the same party
 *   <li>{@code court_orders}: list of {order_id, case_ref, court, service, matched_by}
 *   <li>{@code reports}: {count, categories, trusted_flagger}
 *   <li>{@code scores}: classifier name to score
 *   <li>{@code age_rules}: list of {outcome, requirement, assurance, code, rule} from the minors
 *       law data
 *   <li>{@code request}: {kind, action, jurisdiction, service}
 *   <li>{@code held}: matches of signals the flood guard holds, with the same keys as {@code
 *       matches}; they are not in {@code matches}, so no rule acts on them by accident
 * </ul>
 */
public final class PolicyInputs {

  /** Every variable, in the order of the bits of {@link #presentMask}. */
  public static final List<String> VARIABLES =
      List.of(
          "matches",
          "content",
          "uploader",
          "actor",
          "target",
          "court_orders",
          "reports",
          "scores",
          "age_rules",
          "request",
          "held");

  private static final Map<String, Object> UNKNOWN_PARTY =
      Map.of(
          "known",
          false,
          "min_age",
          0L,
          "assurance",
          "none",
          "confidence",
          0.0,
          "may_be_minor",
          true,
          "flags",
          List.of());
  private static final Map<String, Object> NO_REPORTS =
      Map.of("count", 0L, "categories", List.of(), "trusted_flagger", false);

  private PolicyInputs() {}

  /** The variables for a decision of {@code kind} with these signals and context. */
  public static Map<String, Object> of(
      DecisionKind kind, List<Signal> signals, Map<String, Object> context) {
    List<Object> matches = new ArrayList<>(2);
    List<Object> held = new ArrayList<>(0);
    List<Object> orders = new ArrayList<>(0);
    List<Object> ageRules = new ArrayList<>(0);
    Map<String, Object> scores = new HashMap<>(2);
    Map<String, Object> content = new HashMap<>(8);
    Map<String, Object> actor = UNKNOWN_PARTY;
    Map<String, Object> target = UNKNOWN_PARTY;
    Map<String, Object> reports = NO_REPORTS;
    for (Signal signal : signals) {
      if (signal instanceof HashMatch m) {
        matches.add(match(m));
      } else if (signal instanceof HeldMatch h) {
        held.add(held(h));
      } else if (signal instanceof HashQuality q) {
        content.put("pdq_quality", (long) q.pdqQuality());
        content.put("pdq_skipped", q.pdqSkipped());
      } else if (signal instanceof AgeEvidence a) {
        if ("target".equals(a.party())) {
          target = party(a);
        } else {
          actor = party(a);
        }
      } else if (signal instanceof AgeRuleFinding f) {
        ageRules.add(finding(f));
      } else if (signal instanceof CourtOrderHit o) {
        orders.add(order(o));
      } else if (signal instanceof ReportSignal r) {
        reports = reports(reports, r);
      } else if (signal instanceof Score s) {
        scores.put(s.name(), s.value());
      }
    }
    Map<String, Object> request = new HashMap<>(6);
    request.put("kind", kind.wireName());
    Object platform = context.get("platform");
    if (platform instanceof Map<?, ?> given) {
      copy(given, "contentId", content, "id");
      copy(given, "contentType", content, "type");
      copy(given, "mime", content, "mime");
    }
    Object asked = context.get("request");
    if (asked instanceof Map<?, ?> given) {
      copy(given, "action", request, "action");
      copy(given, "jurisdiction", request, "jurisdiction");
      copy(given, "service", request, "service");
    }
    Map<String, Object> variables = new HashMap<>(16);
    variables.put("matches", matches);
    variables.put("content", content);
    variables.put("uploader", actor);
    variables.put("actor", actor);
    variables.put("target", target);
    variables.put("court_orders", orders);
    variables.put("reports", reports);
    variables.put("scores", scores);
    variables.put("age_rules", ageRules);
    variables.put("request", request);
    variables.put("held", held);
    return variables;
  }

  /**
   * One bit per variable of {@link #VARIABLES} that differs from its value in a decision with no
   * signals and no context. A rule reading none of the set variables has its empty-input result.
   */
  @SuppressWarnings("unchecked")
  static long presentMask(Map<String, Object> variables) {
    long mask = 0;
    if (!((List<Object>) variables.get("matches")).isEmpty()) {
      mask |= 1L;
    }
    if (!((Map<String, Object>) variables.get("content")).isEmpty()) {
      mask |= 1L << 1;
    }
    if (variables.get("actor") != UNKNOWN_PARTY) {
      mask |= (1L << 2) | (1L << 3);
    }
    if (variables.get("target") != UNKNOWN_PARTY) {
      mask |= 1L << 4;
    }
    if (!((List<Object>) variables.get("court_orders")).isEmpty()) {
      mask |= 1L << 5;
    }
    if (variables.get("reports") != NO_REPORTS) {
      mask |= 1L << 6;
    }
    if (!((Map<String, Object>) variables.get("scores")).isEmpty()) {
      mask |= 1L << 7;
    }
    if (!((List<Object>) variables.get("age_rules")).isEmpty()) {
      mask |= 1L << 8;
    }
    // request always carries the kind, which differs between the two empty inputs.
    mask |= 1L << 9;
    if (!((List<Object>) variables.get("held")).isEmpty()) {
      mask |= 1L << 10;
    }
    return mask;
  }

  private static Map<String, Object> match(HashMatch m) {
    Map<String, Object> match = new HashMap<>(10);
    match.put("bank", m.bank());
    match.put("signal_id", m.signalId());
    match.put("type", m.type());
    match.put("distance", (long) m.distance());
    match.put("category", m.category() == null ? "" : m.category());
    match.put("source", m.source() == null ? "" : m.source());
    match.put("action", m.bankAction() == null ? "" : m.bankAction());
    return match;
  }

  private static Map<String, Object> held(HeldMatch h) {
    Map<String, Object> match = new HashMap<>(10);
    match.put("bank", h.bank());
    match.put("signal_id", h.signalId());
    match.put("type", h.type());
    match.put("distance", (long) h.distance());
    match.put("category", h.category() == null ? "" : h.category());
    match.put("source", h.source() == null ? "" : h.source());
    match.put("action", h.bankAction() == null ? "" : h.bankAction());
    return match;
  }

  private static Map<String, Object> party(AgeEvidence a) {
    Map<String, Object> party = new HashMap<>(8);
    party.put("known", true);
    party.put("min_age", (long) a.minAge());
    if (a.maxAge() != null) {
      party.put("max_age", (long) a.maxAge());
    }
    party.put("assurance", a.level() == null ? "none" : a.level());
    party.put("confidence", a.confidence());
    party.put("may_be_minor", a.mayBeMinor());
    party.put("flags", List.of());
    return party;
  }

  private static Map<String, Object> finding(AgeRuleFinding f) {
    Map<String, Object> finding = new HashMap<>(8);
    finding.put("outcome", f.outcome());
    finding.put("requirement", f.requirement() == null ? "" : f.requirement());
    finding.put("assurance", f.assurance() == null ? "" : f.assurance());
    finding.put("code", f.code());
    finding.put("rule", f.rule() == null ? "" : f.rule());
    return finding;
  }

  private static Map<String, Object> order(CourtOrderHit o) {
    Map<String, Object> order = new HashMap<>(8);
    order.put("order_id", o.orderId());
    order.put("case_ref", o.caseRef() == null ? "" : o.caseRef());
    order.put("court", o.court() == null ? "" : o.court());
    order.put("service", o.service() == null ? "" : o.service());
    order.put("matched_by", o.matchedBy() == null ? "" : o.matchedBy());
    return order;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> reports(Map<String, Object> soFar, ReportSignal r) {
    List<Object> categories = new ArrayList<>((List<Object>) soFar.get("categories"));
    for (String category : r.categories()) {
      if (!categories.contains(category)) {
        categories.add(category);
      }
    }
    Map<String, Object> reports = new HashMap<>(4);
    reports.put("count", (Long) soFar.get("count") + r.count());
    reports.put("categories", categories);
    reports.put("trusted_flagger", (Boolean) soFar.get("trusted_flagger") || r.trustedFlagger());
    return reports;
  }

  private static void copy(Map<?, ?> from, String key, Map<String, Object> to, String as) {
    Object value = from.get(key);
    if (value instanceof String text) {
      to.put(as, text);
    } else if (value instanceof Number number) {
      to.put(
          as,
          number instanceof Double || number instanceof Float
              ? number.doubleValue()
              : number.longValue());
    } else if (value instanceof Boolean flag) {
      to.put(as, flag);
    }
  }
}
