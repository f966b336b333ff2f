package org.vigil.hash.index;

import java.util.Arrays;

/**
 * Builds one band of a {@link MihSegment}: its postings (slots sorted by band key) and its bucket
 * directory, with a two-level radix sort whose every step streams through memory.
 *
 * <p>A plain counting sort over 2^23 buckets makes two random accesses per entry (the bucket count,
 * then the scatter into the postings), each a cache miss at 10 million entries: ~0.9 s per band
 * here. Instead: (0) {@link #computeKeys} reads the codes once for all bands and leaves each band's
 * keys in the array that will hold its postings; (1) a histogram of the keys' top 8 bits; (2) a
 * scatter of (low bits, slot) into those 256 partitions, i.e. 256 sequential write streams; (3)
 * each partition (~40,000 entries at 10 million) sorted by its low bits with a counting sort whose
 * counts stay in L2, writing the directory words and the postings of that partition's buckets in
 * order. Both sorts are stable, so a bucket's slots stay in slot order.
 *
 * <p>One builder per worker thread: its scratch arrays are reused across the bands it builds.
 */
final class BandBuilder {

  private static final long ESCAPED = MihSegment.ESCAPED;

  /**
   * High key bits that pick the partition: 256 partitions, so the scatter of step (2) writes to 256
   * streams, few enough for the L1 cache and the TLB (with 4 KiB pages, 4,096 streams missed the
   * TLB on nearly every write); each partition then holds ~40,000 entries at 10 million, and its
   * counts (2^15–2^16 buckets at 23–24 bits) stay in L2.
   */
  private static final int PARTITION_BITS = 8;

  private final int[] slots;
  private final int entries;
  private final BandLayout layout;
  private final long[] partitioned;
  private int[] counts = new int[0];
  private int[] partitionStart = new int[2];

  BandBuilder(int[] slots, int entries, BandLayout layout) {
    this.slots = slots;
    this.entries = entries;
    this.layout = layout;
    this.partitioned = new long[entries];
  }

  /**
   * Step (0) for entries [from, to): {@code keys[b][i]} = band b's key of {@code slots[i]}'s code.
   * One pass over the codes for all bands, instead of one per band.
   */
  static void computeKeys(
      EntryStore store, int[] slots, BandLayout layout, int[][] keys, int from, int to) {
    long[] front = store.front;
    long[] back = store.back;
    int bands = layout.bands();
    for (int i = from; i < to; i++) {
      int h = slots[i] << 1;
      long w0 = front[h];
      long w1 = front[h + 1];
      long w2 = back[h];
      long w3 = back[h + 1];
      for (int b = 0; b < bands; b++) {
        keys[b][i] = layout.key(b, w0, w1, w2, w3);
      }
    }
  }

  /**
   * Builds band {@code band} into {@code directory[band]} and {@code overflow[band]}, and turns
   * {@code postings[band]} from the band's keys (step 0) into its postings.
   */
  void build(int band, long[][] directory, int[][] overflow, int[][] postings) {
    int width = layout.width(band);
    // Keep at least 8 buckets (one directory group) per partition.
    int high = Math.min(PARTITION_BITS, Math.max(0, width - 3));
    int low = width - high;
    int partitions = 1 << high;
    int[] post = postings[band];
    partitionByHighBits(post, low, partitions);
    int bucketsPerPartition = 1 << low;
    if (counts.length < bucketsPerPartition) {
      counts = new int[bucketsPerPartition];
    }
    int groupsPerPartition = Math.max(1, bucketsPerPartition >>> 3);
    long[] dir = new long[partitions * groupsPerPartition];
    int[] side = new int[0];
    int sideSize = 0;
    long[] partitioned = this.partitioned;
    int[] counts = this.counts;
    for (int p = 0; p < partitions; p++) {
      int from = partitionStart[p];
      int to = partitionStart[p + 1];
      Arrays.fill(counts, 0, bucketsPerPartition, 0);
      for (int i = from; i < to; i++) {
        counts[(int) (partitioned[i] >>> 32)]++;
      }
      int running = from;
      for (int g = 0; g < groupsPerPartition; g++) {
        int first = g << 3;
        int last = Math.min(8, bucketsPerPartition - first);
        // One pass over the group's buckets: their 4-bit sizes, whether one needs the escape, and
        // from here on counts[] holds each bucket's next write position for the scatter below.
        long nibbles = 0;
        int largest = 0;
        int at = running;
        for (int j = 0; j < last; j++) {
          int size = counts[first + j];
          largest = Math.max(largest, size);
          nibbles |= (long) size << (4 * j);
          counts[first + j] = at;
          at += size;
        }
        int group = p * groupsPerPartition + g;
        if (largest >= 15) {
          if (sideSize + 9 > side.length) {
            side = Arrays.copyOf(side, Math.max(18, side.length * 2));
          }
          dir[group] = ESCAPED | sideSize;
          for (int j = 0; j < 8; j++) {
            side[sideSize + j] = j < last ? counts[first + j] : at;
          }
          side[sideSize + 8] = at;
          sideSize += 9;
        } else {
          dir[group] = (nibbles << 32) | running;
        }
        running = at;
      }
      for (int i = from; i < to; i++) {
        long entry = partitioned[i];
        post[counts[(int) (entry >>> 32)]++] = (int) entry;
      }
    }
    directory[band] = dir;
    overflow[band] = Arrays.copyOf(side, sideSize);
  }

  /**
   * Steps (1) and (2): fills {@code partitioned} with (low key bits, slot) pairs ordered by the
   * key's high bits, and {@code partitionStart} with each partition's first position.
   */
  private void partitionByHighBits(int[] keys, int low, int partitions) {
    if (partitionStart.length < partitions + 1) {
      partitionStart = new int[partitions + 1];
    }
    int[] start = partitionStart;
    Arrays.fill(start, 0, partitions + 1, 0);
    for (int i = 0; i < entries; i++) {
      start[(keys[i] >>> low) + 1]++;
    }
    for (int p = 0; p < partitions; p++) {
      start[p + 1] += start[p];
    }
    // Scatter with a copy of the starts as write cursors; start[] itself stays for step (3).
    int[] next = Arrays.copyOf(start, partitions);
    long lowMask = (1L << low) - 1;
    for (int i = 0; i < entries; i++) {
      int key = keys[i];
      partitioned[next[key >>> low]++] = ((key & lowMask) << 32) | (slots[i] & 0xFFFF_FFFFL);
    }
  }
}
