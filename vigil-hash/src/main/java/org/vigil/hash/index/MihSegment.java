package org.vigil.hash.index;

import java.util.stream.IntStream;

/**
 * An immutable multi-index over the live slots of one contiguous slot range of the entry store.
 *
 * <p>Layout, per band b of width w (see {@link BandLayout}):
 *
 * <ul>
 *   <li>{@code postings[b]}: an {@code int[]} of slot numbers sorted by the band's key, so one
 *       bucket's slots are adjacent (a counting sort, built in one pass per band).
 *   <li>{@code directory[b]}: one {@code long} per group of 8 buckets: the low 32 bits are the
 *       position of the group's first posting, the high 32 bits eight 4-bit bucket sizes. One read
 *       of one cache line gives a bucket's bounds, at 1 byte per bucket instead of the 4 of a plain
 *       offsets array (at 10 million codes: 14 instead of 57 bytes per entry over 11 bands). A
 *       group with a bucket of 15 or more codes (near-duplicates) is escaped: its high half is all
 *       ones and its low half points at 9 exact bounds in {@code overflow[b]}.
 * </ul>
 *
 * <p>Search runs in three passes so that the CPU overlaps the memory reads of a pass instead of
 * waiting for each in turn (a query at 10 million codes makes ~2,960 probes and verifies ~2,620
 * candidates, every one a likely cache miss): (1) every probe's bucket bounds, for all bands,
 * keeping only the non-empty buckets; (2) the candidate slots of all those buckets, all bands at
 * once; (3) their codes, verified with popcount (front halves first, see {@link EntryStore}). Java
 * has no prefetch instruction, so passes 2 and 3 (and each band of pass 1) start with a load-only
 * loop (a few instructions per read, nothing waits on the result) that puts dozens of misses in
 * flight at once; the real work then finds the lines in cache. On this machine the load-only loops
 * cut the median query at 10 million codes from ~250 to ~150 µs under load. Two details matter as
 * much as the passes: empty buckets (30% of the 23-bit probes, 55% of the 24-bit ones at 10
 * million) are dropped before pass 2, so their posting line, which no other probe needs, is never
 * read; and passes 2 and 3 run over all bands at once instead of band by band, so the misses of one
 * band overlap those of the next instead of the pipeline draining at every band boundary (together
 * +14% queries per CPU-second at 10 million, measured A/B in one JVM). The posting copy is
 * branch-free for buckets of up to 4 slots (another +9–11%): a loop over each bucket's 1–2 slots
 * mispredicted its exit about once per bucket. A code found through band b is reported only if no
 * earlier band would have found it (a check on the code already loaded), so each hit is reported
 * once without a set. Scratch arrays are per thread and reused: no allocation per query.
 */
final class MihSegment {

  static final long ESCAPED = 0xFFFF_FFFF_0000_0000L;

  final int lo;
  final int hi;
  final int entries;
  final BandLayout layout;
  private final long[][] directory;
  private final int[][] overflow;
  private final int[][] postings;

  private MihSegment(
      int lo,
      int hi,
      int entries,
      BandLayout layout,
      long[][] directory,
      int[][] overflow,
      int[][] postings) {
    this.lo = lo;
    this.hi = hi;
    this.entries = entries;
    this.layout = layout;
    this.directory = directory;
    this.overflow = overflow;
    this.postings = postings;
  }

  /** Indexes the slots in [lo, hi) that are alive at {@code version}; bands in parallel. */
  static MihSegment build(
      EntryStore store, int lo, int hi, int version, int expectedThreshold, boolean parallel) {
    int[] live = new int[hi - lo];
    int n = 0;
    for (int slot = lo; slot < hi; slot++) {
      if (store.alive(slot, version)) {
        live[n++] = slot;
      }
    }
    int entries = n;
    BandLayout layout = BandLayout.choose(entries, expectedThreshold);
    int bands = layout.bands();
    long[][] directory = new long[bands][];
    int[][] overflow = new int[bands][];
    int[][] postings = new int[bands][entries];
    int workers =
        parallel && entries > 50_000
            ? Math.min(bands, Runtime.getRuntime().availableProcessors())
            : 1;
    // Keys first, each worker over its share of the entries; then each worker sorts its bands.
    IntStream.range(0, workers)
        .parallel()
        .forEach(
            w ->
                BandBuilder.computeKeys(
                    store,
                    live,
                    layout,
                    postings,
                    (int) ((long) entries * w / workers),
                    (int) ((long) entries * (w + 1) / workers)));
    IntStream.range(0, workers)
        .parallel()
        .forEach(
            w -> {
              BandBuilder builder = new BandBuilder(live, entries, layout);
              for (int b = w; b < bands; b += workers) {
                builder.build(b, directory, overflow, postings);
              }
            });
    return new MihSegment(lo, hi, entries, layout, directory, overflow, postings);
  }

  /** Bytes held by this segment's arrays (directory, overflow, postings). */
  long memoryBytes() {
    long bytes = 0;
    for (int b = 0; b < layout.bands(); b++) {
      bytes += 8L * directory[b].length + 4L * overflow[b].length + 4L * postings[b].length;
    }
    return bytes;
  }

  /**
   * Reports every live entry of this segment within {@code maxDistance}; falls back to a linear
   * scan of the range when the probes and candidates would cost more than reading it.
   */
  void search(
      EntryStore store,
      int version,
      long q0,
      long q1,
      long q2,
      long q3,
      int maxDistance,
      SearchScratch scratch,
      HitConsumer hits) {
    int span = hi - lo;
    BandLayout.Plan plan = layout.plan(maxDistance);
    // A random read costs about as much as streaming 8 entries (32 bytes each) of a linear scan.
    if (plan.reads * 8 > span) {
      store.scan(lo, hi, version, q0, q1, q2, q3, maxDistance, hits);
      return;
    }
    int bands = layout.bands();
    int[] keys = scratch.keys;
    int[] radii = plan.radii;
    int[] bandEnd = scratch.bandRangeEnd;
    int[] bandCandidatesEnd = scratch.bandCandidates;
    int total = 0;
    int ranges = 0;
    // Pass 1: every probe's bucket bounds, for all bands; only non-empty buckets are kept.
    for (int b = 0; b < bands; b++) {
      int radius = radii[b];
      int key = layout.key(b, q0, q1, q2, q3);
      keys[b] = key;
      if (radius >= 0) {
        int[] masks = FlipMasks.of(layout.width(b), radius);
        scratch.ensureRanges(ranges + masks.length);
        int[] starts = scratch.rangeStart;
        int[] ends = scratch.rangeEnd;
        long[] dir = directory[b];
        int[] side = overflow[b];
        long[] words = scratch.words;
        // Loads only: with ~6 instructions per probe, dozens of directory misses are in flight.
        for (int j = 0; j < masks.length; j++) {
          words[j] = dir[(key ^ masks[j]) >>> 3];
        }
        for (int j = 0; j < masks.length; j++) {
          int bucket = key ^ masks[j];
          long word = words[j];
          int shift = (bucket & 7) << 2;
          int nibbles = (int) (word >>> 32);
          int start;
          int end;
          if (nibbles != -1) {
            int below = nibbles & ((1 << shift) - 1);
            int pairs = (below & 0x0F0F0F0F) + ((below >>> 4) & 0x0F0F0F0F);
            start = (int) word + ((pairs * 0x01010101) >>> 24);
            end = start + ((nibbles >>> shift) & 15);
          } else {
            int s = (int) word + (bucket & 7);
            start = side[s];
            end = side[s + 1];
          }
          starts[ranges] = start;
          ends[ranges] = end;
          // Keep the range only if the bucket is not empty (no branch: 30–55% of buckets are
          // empty at 10 million codes, an unpredictable branch); empty ones cost no posting read.
          ranges += (start - end) >>> 31;
          total += end - start;
        }
      }
      bandEnd[b] = ranges;
    }
    // Near-duplicate clusters can make the buckets hold most of the segment: then stream it.
    if (total > span / 4) {
      store.scan(lo, hi, version, q0, q1, q2, q3, maxDistance, hits);
      return;
    }
    // Pass 2: the candidate slots of all bands; first touch each bucket's first posting with a
    // load-only loop, so that the copy finds the lines in cache.
    scratch.ensureCandidates(total + 4); // the four-slot copy below writes up to 3 past the end
    int[] candidates = scratch.candidates;
    int[] starts = scratch.rangeStart;
    int[] ends = scratch.rangeEnd;
    int touchedPostings = 0;
    for (int b = 0, r = 0; b < bands; b++) {
      int[] post = postings[b];
      for (int end = bandEnd[b]; r < end; r++) {
        touchedPostings += post[starts[r]];
      }
    }
    scratch.sink += touchedPostings;
    int n = 0;
    for (int b = 0, r = 0; b < bands; b++) {
      int[] post = postings[b];
      for (int end = bandEnd[b]; r < end; r++) {
        // A non-empty bucket holds 1–4 slots nearly always (1.7 on average at 10 million): copy
        // four, the surplus ones clamped to the bucket's last slot and overwritten by the next
        // bucket, so the copy has no loop branch that mispredicts at every bucket (~2,000 per
        // query).
        int p = starts[r];
        int e = ends[r];
        int last = e - 1;
        candidates[n] = post[p];
        candidates[n + 1] = post[Math.min(p + 1, last)];
        candidates[n + 2] = post[Math.min(p + 2, last)];
        candidates[n + 3] = post[Math.min(p + 3, last)];
        if (e - p > 4) {
          for (int k = p + 4; k < e; k++) {
            candidates[n + k - p] = post[k];
          }
        }
        n += e - p;
      }
      bandCandidatesEnd[b] = n;
    }
    // Pass 3: verify, first on the front halves only (w0, w1): a random candidate is 64 ± 5.7 bits
    // away there, so at the usual thresholds the back half is read only for real matches. Same
    // again: bring every front half in with a load-only loop, then verify.
    long[] front = store.front;
    long[] back = store.back;
    long touchedCodes = 0;
    for (int i = 0; i < n; i++) {
      touchedCodes += front[candidates[i] << 1];
    }
    scratch.sink += touchedCodes;
    for (int b = 0, i = 0; b < bands; b++) {
      for (int end = bandCandidatesEnd[b]; i < end; i++) {
        int slot = candidates[i];
        int h = slot << 1;
        int frontDistance = Long.bitCount(front[h] ^ q0) + Long.bitCount(front[h + 1] ^ q1);
        if (frontDistance <= maxDistance) {
          long w2 = back[h];
          long w3 = back[h + 1];
          int distance = frontDistance + Long.bitCount(w2 ^ q2) + Long.bitCount(w3 ^ q3);
          if (distance <= maxDistance
              && !foundInEarlierBand(b, front[h], front[h + 1], w2, w3, keys, radii)
              && store.alive(slot, version)) {
            hits.accept(store.ids[slot], distance);
          }
        }
      }
    }
  }

  private boolean foundInEarlierBand(
      int band, long w0, long w1, long w2, long w3, int[] keys, int[] radii) {
    for (int b = 0; b < band; b++) {
      if (radii[b] >= 0) {
        int key = layout.key(b, w0, w1, w2, w3);
        if (Integer.bitCount(key ^ keys[b]) <= radii[b]) {
          return true;
        }
      }
    }
    return false;
  }
}
