package org.vigil.hash.video;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.hash.index.HammingIndex;
import org.vigil.hash.index.HammingIndexes;

/**
 * Stored vPDQ hashes searchable without scanning every stored video: every kept frame of every
 * stored video is one entry of a {@link HammingIndex} (multi-index hashing), and a query looks up
 * each of its own kept frames once. Only the videos some query frame actually hit are then scored,
 * with exactly the percentages {@link VpdqMatcher#compare} would give (a property test checks it).
 *
 * <p>Cost: one Hamming search per query frame (60 for a one-minute video at one hash per second),
 * each sub-linear in the stored frames, plus work proportional to the hits; a stored video that
 * shares no frame with the query costs nothing. Entry id = {@code slot << 32 | frame}: the stored
 * video's slot and the frame's position among its kept frames, so a hit needs no side table to find
 * its frame.
 *
 * <p>Which frames are kept (quality, duplicates) is fixed per index, i.e. per bank; the frame
 * distance and the percentage thresholds come from the options, or per search. Safe for concurrent
 * searches while one thread adds or removes.
 */
public final class VpdqIndex {

  private final VpdqMatchOptions options;
  private final HammingIndex frames;
  private final Map<Long, Integer> slotsByVideo = new ConcurrentHashMap<>();
  private final Map<Integer, Stored> videosBySlot = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private int nextSlot;

  /** One stored video: the caller's id and how many of its frames the matcher kept. */
  private record Stored(long videoId, int keptFrames) {}

  /**
   * A stored video the query matched.
   *
   * @param videoId the id the video was added with
   * @param comparison both percentages and the query timestamp of the first matching frame
   */
  public record Hit(long videoId, VpdqComparison comparison) {}

  public VpdqIndex(VpdqMatchOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options are required");
    }
    this.options = options;
    this.frames = HammingIndexes.newIndex(options.inclusiveDistance());
  }

  public VpdqMatchOptions options() {
    return options;
  }

  /** Adds (or replaces) a stored video. A video with no frame left after filtering is not kept. */
  public void add(long videoId, VpdqHash hash) {
    List<VpdqFrame> kept = VpdqMatcher.keptFrames(hash, options);
    synchronized (writeLock) {
      remove(videoId);
      if (kept.isEmpty()) {
        return;
      }
      int slot = nextSlot++;
      long[] ids = new long[kept.size()];
      long[] codes = new long[4 * kept.size()];
      for (int i = 0; i < kept.size(); i++) {
        ids[i] = ((long) slot << 32) | i;
        VpdqFrame f = kept.get(i);
        codes[4 * i] = f.hash().w0();
        codes[4 * i + 1] = f.hash().w1();
        codes[4 * i + 2] = f.hash().w2();
        codes[4 * i + 3] = f.hash().w3();
      }
      videosBySlot.put(slot, new Stored(videoId, kept.size()));
      frames.addAll(ids, codes, kept.size());
      slotsByVideo.put(videoId, slot);
    }
  }

  /** Removes a stored video; false when there was none. */
  public boolean remove(long videoId) {
    synchronized (writeLock) {
      Integer slot = slotsByVideo.remove(videoId);
      if (slot == null) {
        return false;
      }
      Stored stored = videosBySlot.remove(slot);
      for (int i = 0; i < stored.keptFrames(); i++) {
        frames.remove(((long) slot << 32) | i);
      }
      return true;
    }
  }

  /** The ids of the stored videos (the frames are kept, the hashes' text is not). */
  public long[] videoIds() {
    return slotsByVideo.keySet().stream().mapToLong(Long::longValue).toArray();
  }

  /** Stored videos. */
  public int size() {
    return slotsByVideo.size();
  }

  /**
   * Roughly what a stored video costs beside its frames: two map entries (a node, a boxed key and
   * value each) and its {@code Stored} record, on a 64-bit JVM with compressed pointers.
   */
  private static final long BYTES_PER_VIDEO = 136;

  /** Bytes held by the frame index's arrays, plus an estimate for the per-video bookkeeping. */
  public long memoryBytes() {
    return frames.memoryBytes() + BYTES_PER_VIDEO * slotsByVideo.size();
  }

  /** Stored frames (index entries). */
  public int frameCount() {
    return frames.size();
  }

  /** Every stored video whose comparison with {@code query} is a match under the options. */
  public List<Hit> search(VpdqHash query) {
    return search(query, options);
  }

  /**
   * Like {@link #search(VpdqHash)} with another frame distance and other percentage thresholds (a
   * bank's own: the Hamming index is exact at any distance). Which frames are kept (quality,
   * duplicates) stays the index's: {@code thresholds}' quality and duplicate settings are ignored.
   */
  public List<Hit> search(VpdqHash query, VpdqMatchOptions thresholds) {
    List<VpdqFrame> kept = VpdqMatcher.keptFrames(query, options);
    Map<Integer, Tally> tallies = new HashMap<>();
    int limit = thresholds.inclusiveDistance();
    for (int q = 0; q < kept.size(); q++) {
      VpdqFrame frame = kept.get(q);
      int queryIndex = q;
      frames.search(
          frame.hash(),
          limit,
          (id, distance) -> {
            int slot = (int) (id >>> 32);
            Tally tally = tallies.computeIfAbsent(slot, s -> new Tally());
            tally.hit(queryIndex, (int) id, frame.timestamp());
          });
    }
    List<Hit> hits = new ArrayList<>();
    for (Map.Entry<Integer, Tally> e : tallies.entrySet()) {
      Stored stored = videosBySlot.get(e.getKey());
      if (stored == null) {
        continue; // removed while we searched
      }
      Tally t = e.getValue();
      VpdqComparison comparison =
          new VpdqComparison(
              VpdqMatcher.percent(t.queryHits, kept.size()),
              VpdqMatcher.percent(t.targetHits, stored.keptFrames()),
              kept.size(),
              stored.keptFrames(),
              t.firstTimestamp);
      if (comparison.isMatch(thresholds)) {
        hits.add(new Hit(stored.videoId(), comparison));
      }
    }
    hits.sort(
        (a, b) -> Double.compare(b.comparison().targetPercent(), a.comparison().targetPercent()));
    return hits;
  }

  /** Per stored video hit by the query: which query frames and which of its frames matched. */
  private static final class Tally {
    int lastQuery = -1;
    int queryHits;
    int targetHits;
    float firstTimestamp = Float.NaN;
    final BitSet targetFrames = new BitSet();

    void hit(int queryIndex, int targetFrame, float timestamp) {
      if (queryIndex != lastQuery) {
        lastQuery = queryIndex;
        queryHits++;
        if (Float.isNaN(firstTimestamp)) {
          firstTimestamp = timestamp;
        }
      }
      if (!targetFrames.get(targetFrame)) {
        targetFrames.set(targetFrame);
        targetHits++;
      }
    }
  }
}
