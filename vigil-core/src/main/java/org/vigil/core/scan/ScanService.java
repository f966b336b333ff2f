package org.vigil.core.scan;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.match.BankMatcher;
import org.vigil.core.match.Match;
import org.vigil.core.match.ScanHashes;

/** Matches content hashes against every enabled bank, decides, stores and audits the decision. */
public final class ScanService {

  private final BankMatcher matcher;
  private final ScanPolicy policy = new ScanPolicy();
  private final DecisionStore decisions;
  private final AuditLog audit;
  private final Clock clock;
  private final int minPdqQuality;

  /**
   * @param minPdqQuality PDQ hashes Vigil computed with a lower quality are not matched
   *     perceptually (the reference recommends 50: featureless images collide)
   */
  public ScanService(
      BankMatcher matcher,
      DecisionStore decisions,
      AuditLog audit,
      Clock clock,
      int minPdqQuality) {
    this.matcher = matcher;
    this.decisions = decisions;
    this.audit = audit;
    this.clock = clock;
    this.minPdqQuality = minPdqQuality;
  }

  public Decision scan(ScanHashes hashes, Map<String, Object> context, Principal by) {
    boolean lowQuality =
        hashes.pdq() != null && hashes.pdqQuality() >= 0 && hashes.pdqQuality() < minPdqQuality;
    List<Match> matches = matcher.match(hashes, !lowQuality);
    ScanPolicy.Outcome outcome = policy.decide(matches, lowQuality, hashes.pdqQuality());
    Instant now = clock.instant();
    List<Decision.MatchView> views = new ArrayList<>(matches.size());
    for (Match match : matches) {
      views.add(
          new Decision.MatchView(
              match.bank(), match.signalId(), match.type().wireName(), match.distance()));
    }
    Decision decision =
        new Decision(
            "dec_" + UUID.randomUUID().toString().replace("-", ""),
            now,
            hashView(hashes),
            views,
            outcome.verdict(),
            outcome.actions(),
            outcome.reasons(),
            context == null ? Map.of() : context,
            ScanPolicy.VERSION,
            by.actor());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("verdict", decision.verdict());
    details.put("matches", views.size());
    details.put("policyVersion", ScanPolicy.VERSION);
    decisions.append(
        decision,
        audit.event(by.actor(), "scan.decide", "decision:" + decision.decisionId(), details));
    return decision;
  }

  public Decision get(String decisionId) {
    return decisions
        .find(decisionId)
        .orElseThrow(() -> org.vigil.core.error.VigilException.notFound("decision", decisionId));
  }

  private static Map<String, Object> hashView(ScanHashes hashes) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (hashes.pdq() != null) {
      view.put("pdq", hashes.pdq().toHex());
      if (hashes.pdqQuality() >= 0) {
        view.put("pdqQuality", hashes.pdqQuality());
      }
    }
    if (hashes.md5() != null) {
      view.put("md5", hashes.md5());
    }
    if (hashes.sha256() != null) {
      view.put("sha256", hashes.sha256());
    }
    return view;
  }
}
