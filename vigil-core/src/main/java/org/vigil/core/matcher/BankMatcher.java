package org.vigil.core.matcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankIndex;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.VideoThresholds;
import org.vigil.hash.PdqHash;
import org.vigil.hash.index.DigestIndex;
import org.vigil.hash.index.HammingIndex;
import org.vigil.hash.index.HammingIndexes;
import org.vigil.hash.video.TmkFeatures;
import org.vigil.hash.video.VpdqComparison;
import org.vigil.hash.video.VpdqHash;
import org.vigil.hash.video.VpdqIndex;
import org.vigil.hash.video.VpdqMatchOptions;

/**
 * The in-memory side of the banks: one PDQ index and two digest indexes per bank, kept in step with
 * the store by {@code BankService}. Every change is applied in place, so the next scan sees it
 * without a restart or a rebuild.
 */
public final class BankMatcher implements BankIndex {

  private final Map<String, BankIndexes> banks = new ConcurrentHashMap<>();

  /** The indexes of one bank and its current settings. */
  static final class BankIndexes {
    volatile Bank bank;

    /**
     * Its band layout is tuned for the bank's threshold when the indexes are created (at start-up
     * and after a bulk import); a later threshold change keeps the layout, which stays exact at any
     * threshold and picks the cheapest radii for the new one, until the next rebuild.
     */
    final HammingIndex pdq;

    final DigestIndex md5 = new DigestIndex();
    final DigestIndex sha256 = new DigestIndex();

    /** vPDQ signals: their frames in a Hamming index (docs/video.md). */
    final VpdqIndex vpdq = new VpdqIndex(VpdqMatchOptions.DEFAULT);

    /** TMK signals, scored by level 1 (a 256-float cosine) first, level 2 only when it passes. */
    final Map<Long, TmkFeatures> tmk = new ConcurrentHashMap<>();

    BankIndexes(Bank bank) {
      this.bank = bank;
      this.pdq = HammingIndexes.newIndex(bank.pdqThreshold());
    }
  }

  /** Adds the bank, or updates its settings while keeping its indexes. */
  @Override
  public void putBank(Bank bank) {
    banks.compute(
        bank.name(),
        (name, existing) -> {
          if (existing == null) {
            return new BankIndexes(bank);
          }
          existing.bank = bank;
          return existing;
        });
  }

  /**
   * Replaces a bank's indexes wholesale (after a bulk import or at start-up). Scans keep using the
   * old indexes until the new ones are complete, then switch in one step.
   */
  @Override
  public void replaceBank(Bank bank, SignalSource signals) {
    BankIndexes fresh = new BankIndexes(bank);
    PdqBatch pdq = new PdqBatch();
    signals.forEach(
        signal -> {
          if (signal.type() == SignalType.PDQ) {
            pdq.add(signal.id(), PdqHash.fromHex(signal.value()));
          } else {
            add(fresh, signal);
          }
        });
    // One bulk load builds the PDQ index as a single segment instead of millions of inserts.
    fresh.pdq.addAll(pdq.ids, pdq.codes, pdq.count);
    banks.put(bank.name(), fresh);
  }

  /** PDQ entries gathered for a bulk load, in the flat layout {@code HammingIndex.addAll} takes. */
  private static final class PdqBatch {
    long[] ids = new long[1024];
    long[] codes = new long[4096];
    int count;

    void add(long id, PdqHash hash) {
      if (count == ids.length) {
        ids = java.util.Arrays.copyOf(ids, count * 2);
        codes = java.util.Arrays.copyOf(codes, count * 8);
      }
      ids[count] = id;
      codes[4 * count] = hash.w0();
      codes[4 * count + 1] = hash.w1();
      codes[4 * count + 2] = hash.w2();
      codes[4 * count + 3] = hash.w3();
      count++;
    }
  }

  /** Every bank's indexes as they are now (an index snapshot reads them). */
  java.util.Collection<BankIndexes> indexes() {
    return List.copyOf(banks.values());
  }

  /**
   * Replaces every bank with {@code restored} in one step (a worker starting from an index
   * snapshot, before it serves anything).
   */
  void installAll(java.util.Collection<BankIndexes> restored) {
    Map<String, BankIndexes> fresh = new java.util.HashMap<>();
    for (BankIndexes indexes : restored) {
      fresh.put(indexes.bank.name(), indexes);
    }
    banks.keySet().retainAll(fresh.keySet());
    banks.putAll(fresh);
  }

  /** Adds a signal to indexes not yet installed (an index snapshot being restored). */
  static void addTo(BankIndexes indexes, Signal signal) {
    add(indexes, signal);
  }

  @Override
  public void removeBank(String name) {
    banks.remove(name);
  }

  @Override
  public void addSignal(Signal signal) {
    BankIndexes indexes = banks.get(signal.bank());
    if (indexes != null) {
      add(indexes, signal);
    }
  }

  private static void add(BankIndexes indexes, Signal signal) {
    switch (signal.type()) {
      case PDQ -> indexes.pdq.add(signal.id(), PdqHash.fromHex(signal.value()));
      case MD5 -> indexes.md5.add(signal.id(), signal.value());
      case SHA256 -> indexes.sha256.add(signal.id(), signal.value());
      case VPDQ -> indexes.vpdq.add(signal.id(), VpdqHash.parse(signal.value()));
      case TMK ->
          indexes.tmk.put(
              signal.id(),
              TmkFeatures.fromBytes(java.util.Base64.getDecoder().decode(signal.value())));
    }
  }

  @Override
  public void removeSignal(Signal signal) {
    BankIndexes indexes = banks.get(signal.bank());
    if (indexes == null) {
      return;
    }
    switch (signal.type()) {
      case PDQ -> indexes.pdq.remove(signal.id());
      case MD5 -> indexes.md5.remove(signal.id());
      case SHA256 -> indexes.sha256.remove(signal.id());
      case VPDQ -> indexes.vpdq.remove(signal.id());
      case TMK -> indexes.tmk.remove(signal.id());
    }
  }

  /**
   * A stored video signal a scanned video matched.
   *
   * @param vpdq for a vPDQ signal, both percentages and the first matching frame's time
   * @param level1 for a TMK signal, the level-1 score (else NaN)
   * @param level2 for a TMK signal, the level-2 score (else NaN)
   */
  public record VideoMatch(Match match, VpdqComparison vpdq, float level1, float level2) {}

  /** The vPDQ frame rule and percentages a bank's thresholds ask for. */
  static VpdqMatchOptions vpdqOptions(VideoThresholds thresholds) {
    return VpdqMatchOptions.DEFAULT
        .withFrameDistance(thresholds.vpdqFrameDistance())
        .withThresholds(thresholds.vpdqQueryPercent(), thresholds.vpdqTargetPercent());
  }

  /**
   * Every vPDQ and TMK signal of every enabled bank that the video matches, each bank with its own
   * {@link VideoThresholds} (docs/video.md): vPDQ through the bank's frame index, TMK by level 1
   * first and level 2 only for those that pass.
   *
   * @param tmk the video's TMK hash, or null to match vPDQ only
   */
  public List<VideoMatch> matchVideo(VpdqHash vpdq, TmkFeatures tmk) {
    List<VideoMatch> matches = new ArrayList<>();
    for (BankIndexes indexes : banks.values()) {
      Bank bank = indexes.bank;
      if (!bank.enabled()) {
        continue;
      }
      VideoThresholds thresholds = bank.video();
      for (VpdqIndex.Hit hit : indexes.vpdq.search(vpdq, vpdqOptions(thresholds))) {
        matches.add(
            new VideoMatch(
                new Match(bank.name(), hit.videoId(), SignalType.VPDQ, 0, bank.action()),
                hit.comparison(),
                Float.NaN,
                Float.NaN));
      }
      if (tmk == null) {
        continue;
      }
      for (Map.Entry<Long, TmkFeatures> stored : indexes.tmk.entrySet()) {
        if (!TmkFeatures.compatible(tmk, stored.getValue())) {
          continue;
        }
        float level1 = TmkFeatures.level1(tmk, stored.getValue());
        // Compared as float, as the reference does: the default 0.7 means 0.7f.
        if (level1 < (float) thresholds.tmkLevel1()) {
          continue;
        }
        float level2 = TmkFeatures.level2(tmk, stored.getValue());
        if (level2 >= (float) thresholds.tmkLevel2()) {
          matches.add(
              new VideoMatch(
                  new Match(bank.name(), stored.getKey(), SignalType.TMK, 0, bank.action()),
                  null,
                  level1,
                  level2));
        }
      }
    }
    matches.sort(
        Comparator.comparing((VideoMatch m) -> m.match().bank())
            .thenComparingLong(m -> m.match().signalId()));
    return matches;
  }

  /**
   * Every match of {@code hashes} in every enabled bank, each bank with its own PDQ threshold;
   * ordered by bank name, then distance.
   *
   * @param matchPdq false when the PDQ hash is too low in quality to trust
   */
  public List<Match> match(ScanHashes hashes, boolean matchPdq) {
    List<Match> matches = new ArrayList<>();
    for (BankIndexes indexes : banks.values()) {
      Bank bank = indexes.bank;
      if (!bank.enabled()) {
        continue;
      }
      if (matchPdq && hashes.pdq() != null) {
        indexes.pdq.search(
            hashes.pdq(),
            bank.pdqThreshold(),
            (id, distance) ->
                matches.add(new Match(bank.name(), id, SignalType.PDQ, distance, bank.action())));
      }
      if (hashes.md5() != null) {
        indexes.md5.lookup(
            hashes.md5(),
            id -> matches.add(new Match(bank.name(), id, SignalType.MD5, 0, bank.action())));
      }
      if (hashes.sha256() != null) {
        indexes.sha256.lookup(
            hashes.sha256(),
            id -> matches.add(new Match(bank.name(), id, SignalType.SHA256, 0, bank.action())));
      }
    }
    matches.sort(
        Comparator.comparing(Match::bank)
            .thenComparingInt(Match::distance)
            .thenComparingLong(Match::signalId));
    return matches;
  }

  /**
   * Bytes the bank's in-memory indexes hold, by index ({@code pdq}, {@code md5}, {@code sha256},
   * {@code vpdq}, {@code tmk}); empty when the bank is unknown. Array capacities, so a bank that
   * shrank still reports what it holds until its next rebuild. TMK signatures are summed one by one
   * (a few per bank), each with an estimated 64 bytes of map entry.
   */
  public Map<String, Long> memoryBytes(String bank) {
    BankIndexes indexes = banks.get(bank);
    if (indexes == null) {
      return Map.of();
    }
    long tmk = 0;
    for (TmkFeatures features : indexes.tmk.values()) {
      tmk += 64 + features.memoryBytes();
    }
    Map<String, Long> bytes = new java.util.LinkedHashMap<>();
    bytes.put("pdq", indexes.pdq.memoryBytes());
    bytes.put("md5", indexes.md5.memoryBytes());
    bytes.put("sha256", indexes.sha256.memoryBytes());
    bytes.put("vpdq", indexes.vpdq.memoryBytes());
    bytes.put("tmk", tmk);
    return bytes;
  }

  /**
   * Whether a scan of {@code tenant} may see a match in {@code bank}: a shared bank, or the
   * tenant's own private one. The indexes are shared by every tenant, so a scan filters its matches
   * (rare) with this rather than keeping an index per tenant.
   */
  public boolean visibleTo(String bank, String tenant) {
    BankIndexes indexes = banks.get(bank);
    return indexes != null && indexes.bank.visibleTo(tenant);
  }

  /** Number of signals held in memory for the bank (0 when unknown). */
  public int size(String bank) {
    BankIndexes indexes = banks.get(bank);
    return indexes == null
        ? 0
        : indexes.pdq.size()
            + indexes.md5.size()
            + indexes.sha256.size()
            + indexes.vpdq.size()
            + indexes.tmk.size();
  }
}
