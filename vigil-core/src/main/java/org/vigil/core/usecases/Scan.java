package org.vigil.core.usecases;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.auth.Principal;
import org.vigil.core.matcher.BankMatcher;
import org.vigil.core.matcher.Match;
import org.vigil.core.matcher.ScanHashes;
import org.vigil.core.policy.Policies;
import org.vigil.core.records.DecisionIds;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HashQuality;
import org.vigil.core.signal.Signal;

/**
 * A scan: content hashes → signals (bank matches, hash quality) → the live policy (and shadows,
 * recorded only) → one decision record, stored with its audit entry and outgoing message in one
 * transaction before the answer leaves.
 */
public final class Scan {

  private final BankMatcher matcher;
  private final Policies policies;
  private final DecisionLog decisions;
  private final Clock clock;
  private final int minPdqQuality;

  /**
   * @param minPdqQuality PDQ hashes Vigil computed with a lower quality are not matched
   *     perceptually (the reference recommends 50: featureless images collide)
   */
  public Scan(
      BankMatcher matcher,
      Policies policies,
      DecisionLog decisions,
      Clock clock,
      int minPdqQuality) {
    this.matcher = matcher;
    this.policies = policies;
    this.decisions = decisions;
    this.clock = clock;
    this.minPdqQuality = minPdqQuality;
  }

  /**
   * Decides on content.
   *
   * @param platform what the platform said about the content (contentId, userId, ...), flat
   */
  public DecisionRecord scan(ScanHashes hashes, Map<String, Object> platform, Principal by) {
    boolean lowQuality =
        hashes.pdq() != null && hashes.pdqQuality() >= 0 && hashes.pdqQuality() < minPdqQuality;
    List<Match> matches = matcher.match(hashes, !lowQuality);
    List<Signal> signals = new ArrayList<>(matches.size() + 1);
    for (Match match : matches) {
      signals.add(
          new HashMatch(
              match.bank(),
              match.signalId(),
              match.type().wireName(),
              match.distance(),
              null,
              null,
              match.action().wireName()));
    }
    if (hashes.pdq() != null && hashes.pdqQuality() >= 0) {
      signals.add(new HashQuality(hashes.pdqQuality(), minPdqQuality, lowQuality));
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("hashes", hashView(hashes));
    context.put("platform", platform == null ? Map.of() : platform);
    Object contentId = platform == null ? null : platform.get("contentId");
    Instant now = clock.instant();
    DecisionRecord decision =
        Decisions.decide(
            policies.active(),
            DecisionIds.next(now),
            by,
            DecisionKind.CONTENT,
            contentId == null ? null : contentId.toString(),
            signals,
            context,
            now);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("verdict", decision.verdict().wireName());
    details.put("matches", matches.size());
    details.put("policyVersion", decision.policyVersion());
    decisions.append(
        Decisions.commit(
            decision,
            List.of(
                new AuditEvent(
                    by.actor(),
                    "scan.decide",
                    "decision:" + decision.id(),
                    Decisions.canonical(details)))));
    return decision;
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
