package org.vigil.core.usecases;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.auth.Principal;
import org.vigil.core.matcher.BankMatcher;
import org.vigil.core.matcher.Match;
import org.vigil.core.matcher.MatchScreen;
import org.vigil.core.matcher.MatchedSignals;
import org.vigil.core.matcher.RemoteMatcher;
import org.vigil.core.matcher.ScanHashes;
import org.vigil.core.policy.Policies;
import org.vigil.core.records.DecisionIds;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HashQuality;
import org.vigil.core.signal.Signal;
import org.vigil.hash.video.TmkFeatures;
import org.vigil.hash.video.VpdqComparison;
import org.vigil.hash.video.VpdqFrame;
import org.vigil.hash.video.VpdqHash;

/**
 * A scan: content hashes → signals (bank matches, hash quality) → the live policy (and shadows,
 * recorded only) → one decision record, stored with its audit entry and outgoing message in one
 * transaction before the answer leaves.
 */
public final class Scan {

  private final BankMatcher matcher;
  private final Policies policies;
  private final PolicyActions actions;
  private final Clock clock;
  private final int minPdqQuality;
  private final MatchScreen screen;
  private final RemoteMatcher remote;
  private final MatchedSignals provenance;

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
    this(matcher, policies, decisions, clock, minPdqQuality, MatchScreen.NONE, RemoteMatcher.NONE);
  }

  /**
   * @param screen what each bank match becomes before the policy sees it (negative banks, the flood
   *     guard)
   * @param remote remote lists asked about a scan's PDQ hash before the banks are matched
   */
  public Scan(
      BankMatcher matcher,
      Policies policies,
      DecisionLog decisions,
      Clock clock,
      int minPdqQuality,
      MatchScreen screen,
      RemoteMatcher remote) {
    this(
        matcher,
        policies,
        PolicyActions.recordOnly(decisions),
        clock,
        minPdqQuality,
        screen,
        remote);
  }

  /**
   * A scan whose live policy's case actions happen ({@link PolicyActions}), without the matched
   * signals' provenance.
   */
  public Scan(
      BankMatcher matcher,
      Policies policies,
      PolicyActions actions,
      Clock clock,
      int minPdqQuality,
      MatchScreen screen,
      RemoteMatcher remote) {
    this(matcher, policies, actions, clock, minPdqQuality, screen, remote, MatchedSignals.NONE);
  }

  /**
   * A scan whose live policy's case actions happen ({@link PolicyActions}).
   *
   * @param screen what each bank match becomes before the policy sees it
   * @param remote remote lists asked about a scan's PDQ hash before the banks are matched
   * @param provenance each matched signal's category and source, for the decision record
   */
  public Scan(
      BankMatcher matcher,
      Policies policies,
      PolicyActions actions,
      Clock clock,
      int minPdqQuality,
      MatchScreen screen,
      RemoteMatcher remote,
      MatchedSignals provenance) {
    this.provenance = provenance;
    this.matcher = matcher;
    this.policies = policies;
    this.actions = actions;
    this.clock = clock;
    this.minPdqQuality = minPdqQuality;
    this.screen = screen;
    this.remote = remote;
  }

  /**
   * Decides on content.
   *
   * @param platform what the platform said about the content (contentId, userId, ...), flat
   */
  public DecisionRecord scan(ScanHashes hashes, Map<String, Object> platform, Principal by) {
    return scan(hashes, platform, by, null);
  }

  /**
   * As {@link #scan(ScanHashes, Map, Principal)}, storing the decision under {@code decisionId}
   * (null = a fresh id): asynchronous scans pass the id derived from their request, so the store
   * refuses a second decision on a request delivered twice.
   */
  public DecisionRecord scan(
      ScanHashes hashes, Map<String, Object> platform, Principal by, String decisionId) {
    return scan(hashes, platform, by, decisionId, null);
  }

  /**
   * Decides on content whose bytes Vigil saw.
   *
   * @param decisionId the decision's id, or null for a fresh one
   * @param media the scanned bytes, preserved when a rule asks for it; null for hashes alone
   */
  public DecisionRecord scan(
      ScanHashes hashes,
      Map<String, Object> platform,
      Principal by,
      String decisionId,
      ScannedMedia media) {
    boolean lowQuality =
        hashes.pdq() != null && hashes.pdqQuality() >= 0 && hashes.pdqQuality() < minPdqQuality;
    // Remote lists learn their hits into their banks first, so the bank match below finds them.
    List<Map<String, Object>> remoteNotes =
        hashes.pdq() != null && !lowQuality ? remote.learn(hashes.pdq(), by.tenant()) : List.of();
    List<Match> matches = visible(matcher.match(hashes, !lowQuality), by.tenant());
    List<Signal> signals = new ArrayList<>(matches.size() + 1);
    Instant at = clock.instant();
    String item =
        item(platform, hashes.pdq() != null ? hashes.pdq().toHex() : hashes.md5(), hashes.sha256());
    for (Match match : matches) {
      signals.add(screen.screen(signal(match, null, null), item, by.tenant(), at));
    }
    if (hashes.pdq() != null && hashes.pdqQuality() >= 0) {
      signals.add(new HashQuality(hashes.pdqQuality(), minPdqQuality, lowQuality));
    }
    Map<String, Object> view = hashView(hashes);
    if (!remoteNotes.isEmpty()) {
      view.put("remote", remoteNotes);
    }
    return record(signals, view, platform, by, decisionId, media);
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
  public DecisionRecord scanVideo(
      VpdqHash frames,
      TmkFeatures tmk,
      String md5,
      String sha256,
      Map<String, Object> platform,
      Principal by) {
    return scanVideo(frames, tmk, md5, sha256, platform, by, null);
  }

  /**
   * Scans a video whose file Vigil holds.
   *
   * @param media the video's bytes, read only when a rule preserves them; null when not held
   */
  public DecisionRecord scanVideo(
      VpdqHash frames,
      TmkFeatures tmk,
      String md5,
      String sha256,
      Map<String, Object> platform,
      Principal by,
      ScannedMedia media) {
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
    Map<String, BankMatcher.VideoMatch> videos = new HashMap<>();
    for (BankMatcher.VideoMatch video : matcher.matchVideo(frames, tmk)) {
      matches.add(video.match());
      videos.put(key(video.match()), video);
    }
    matches = visible(matches, by.tenant());
    matches.sort(
        Comparator.comparing(Match::bank)
            .thenComparingInt(Match::distance)
            .thenComparingLong(Match::signalId));
    List<Signal> signals = new ArrayList<>(matches.size());
    Instant at = clock.instant();
    String item = item(platform, md5, sha256);
    for (Match match : matches) {
      signals.add(
          screen.screen(
              signal(match, frameTimes.get(key(match)), videos.get(key(match))),
              item,
              by.tenant(),
              at));
    }
    Map<String, Object> view = new LinkedHashMap<>();
    if (md5 != null) {
      view.put("md5", md5);
    }
    if (sha256 != null) {
      view.put("sha256", sha256);
    }
    view.put("videoFrames", frames.frames().size());
    view.put("videoFramesBelowQuality", lowQualityFrames);
    return record(signals, view, platform, by, null, media);
  }

  /**
   * The matches in banks {@code tenant} sees: another tenant's private bank never shows in its
   * decisions. Matches are rare, so filtering after the shared index is cheaper than an index per
   * tenant.
   */
  private List<Match> visible(List<Match> matches, String tenant) {
    if (!matches.isEmpty()) {
      matches.removeIf(match -> !matcher.visibleTo(match.bank(), tenant));
    }
    return matches;
  }

  private HashMatch signal(Match match, Double frameTime, BankMatcher.VideoMatch video) {
    Double timestamp = frameTime;
    Double queryPercent = null;
    Double targetPercent = null;
    Double level1 = null;
    Double level2 = null;
    if (video != null) {
      VpdqComparison vpdq = video.vpdq();
      timestamp =
          vpdq == null || Float.isNaN(vpdq.firstMatchTimestamp())
              ? null
              : (double) vpdq.firstMatchTimestamp();
      queryPercent = vpdq == null ? null : round2(vpdq.queryPercent());
      targetPercent = vpdq == null ? null : round2(vpdq.targetPercent());
      level1 = Float.isNaN(video.level1()) ? null : (double) video.level1();
      level2 = Float.isNaN(video.level2()) ? null : (double) video.level2();
    }
    org.vigil.core.banks.Signal stored =
        provenance.find(match.bank(), match.signalId()).orElse(null);
    return new HashMatch(
        match.bank(),
        match.signalId(),
        match.type().wireName(),
        match.distance(),
        stored == null ? null : stored.category(),
        stored == null ? null : stored.source(),
        match.action().wireName(),
        timestamp,
        queryPercent,
        targetPercent,
        level1,
        level2);
  }

  /** What the flood guard counts as one item: the platform's content id, else a hash of it. */
  private static String item(Map<String, Object> platform, String hash, String other) {
    Object contentId = platform == null ? null : platform.get("contentId");
    if (contentId != null) {
      return "content:" + contentId;
    }
    return "hash:" + (hash != null ? hash : other);
  }

  private static double round2(double percent) {
    return Math.round(percent * 100) / 100.0;
  }

  private static String key(Match match) {
    return match.bank() + "/" + match.type().wireName() + "/" + match.signalId();
  }

  private DecisionRecord record(
      List<Signal> signals,
      Map<String, Object> hashView,
      Map<String, Object> platform,
      Principal by,
      String decisionId,
      ScannedMedia media) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("hashes", hashView);
    context.put("platform", platform == null ? Map.of() : platform);
    Object contentId = platform == null ? null : platform.get("contentId");
    // Milliseconds: what every database stores exactly, so time-range queries find it again.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    DecisionRecord decision =
        Decisions.decide(
            policies.active(by.tenant()),
            decisionId != null ? decisionId : DecisionIds.next(now),
            by,
            DecisionKind.CONTENT,
            contentId == null ? null : contentId.toString(),
            signals,
            context,
            now);
    long matches = signals.stream().filter(s -> s instanceof HashMatch).count();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("verdict", decision.verdict().wireName());
    details.put("matches", matches);
    details.put("policyVersion", decision.policyVersion());
    return actions.commit(
        decision,
        List.of(
            new AuditEvent(
                by.actor(),
                "scan.decide",
                "decision:" + decision.id(),
                Decisions.canonical(details))),
        media);
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
