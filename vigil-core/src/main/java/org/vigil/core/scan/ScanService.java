package org.vigil.core.scan;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.match.BankMatcher;
import org.vigil.core.match.Match;
import org.vigil.core.match.ScanHashes;
import org.vigil.hash.video.TmkFeatures;
import org.vigil.hash.video.VpdqComparison;
import org.vigil.hash.video.VpdqFrame;
import org.vigil.hash.video.VpdqHash;

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
    return record(matches, Map.of(), Map.of(), outcome, hashView(hashes), context, by);
  }

  /**
   * Scans a video: every sampled frame (its vPDQ frames) is matched against the PDQ banks, so a
   * known image shown in a video is a match, named with the time of the frame that matched best
   * (the closest; the earliest of equals); the whole video is matched against the banks' vPDQ and
   * TMK signals; the file's digests are matched exactly. Frames below the minimum PDQ quality are
   * not matched perceptually.
   *
   * @param tmk the video's TMK hash, or null when it was not computed
   */
  public Decision scanVideo(
      VpdqHash frames,
      TmkFeatures tmk,
      String md5,
      String sha256,
      Map<String, Object> context,
      Principal by) {
    Map<String, Match> closest = new LinkedHashMap<>();
    Map<String, Double> frameTimes = new HashMap<>();
    int lowQualityFrames = 0;
    for (VpdqFrame frame : frames.frames()) {
      if (frame.quality() < minPdqQuality) {
        lowQualityFrames++;
        continue;
      }
      double time = Double.parseDouble(frame.timestampText());
      for (Match match :
          matcher.match(new ScanHashes(frame.hash(), frame.quality(), null, null), true)) {
        String key = key(match);
        Match previous = closest.get(key);
        if (previous == null || match.distance() < previous.distance()) {
          closest.put(key, match);
          frameTimes.put(key, time);
        }
      }
    }
    List<Match> matches = new ArrayList<>(closest.values());
    matches.addAll(matcher.match(new ScanHashes(null, -1, md5, sha256), false));
    Map<String, Decision.MatchView> videoViews = new HashMap<>();
    for (BankMatcher.VideoMatch video : matcher.matchVideo(frames, tmk)) {
      Match match = video.match();
      matches.add(match);
      VpdqComparison vpdq = video.vpdq();
      videoViews.put(
          key(match),
          new Decision.MatchView(
              match.bank(),
              match.signalId(),
              match.type().wireName(),
              match.distance(),
              vpdq == null || Float.isNaN(vpdq.firstMatchTimestamp())
                  ? null
                  : (double) vpdq.firstMatchTimestamp(),
              vpdq == null ? null : round2(vpdq.queryPercent()),
              vpdq == null ? null : round2(vpdq.targetPercent()),
              Float.isNaN(video.level1()) ? null : (double) video.level1(),
              Float.isNaN(video.level2()) ? null : (double) video.level2()));
    }
    matches.sort(
        Comparator.comparing(Match::bank)
            .thenComparingInt(Match::distance)
            .thenComparingLong(Match::signalId));
    ScanPolicy.Outcome outcome = policy.decide(matches, false, -1);
    Map<String, Object> view = new LinkedHashMap<>();
    if (md5 != null) {
      view.put("md5", md5);
    }
    if (sha256 != null) {
      view.put("sha256", sha256);
    }
    view.put("videoFrames", frames.frames().size());
    view.put("videoFramesBelowQuality", lowQualityFrames);
    return record(matches, frameTimes, videoViews, outcome, view, context, by);
  }

  private static double round2(double percent) {
    return Math.round(percent * 100) / 100.0;
  }

  private static String key(Match match) {
    return match.bank() + "/" + match.type().wireName() + "/" + match.signalId();
  }

  private Decision record(
      List<Match> matches,
      Map<String, Double> frameTimes,
      Map<String, Decision.MatchView> videoViews,
      ScanPolicy.Outcome outcome,
      Map<String, Object> hashView,
      Map<String, Object> context,
      Principal by) {
    Instant now = clock.instant();
    List<Decision.MatchView> views = new ArrayList<>(matches.size());
    for (Match match : matches) {
      Decision.MatchView video = videoViews.get(key(match));
      views.add(
          video != null
              ? video
              : new Decision.MatchView(
                  match.bank(),
                  match.signalId(),
                  match.type().wireName(),
                  match.distance(),
                  frameTimes.get(key(match))));
    }
    Decision decision =
        new Decision(
            "dec_" + UUID.randomUUID().toString().replace("-", ""),
            now,
            hashView,
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
