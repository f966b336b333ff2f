package org.vigil.hash.index;

/**
 * Per-thread buffers for {@link MihSegment#search}, grown on demand and then reused, so a query
 * allocates nothing once a thread has warmed up.
 */
final class SearchScratch {

  private static final ThreadLocal<SearchScratch> LOCAL =
      ThreadLocal.withInitial(SearchScratch::new);

  final int[] keys = new int[BandLayout.MAX_BANDS];
  final int[] bandRangeEnd = new int[BandLayout.MAX_BANDS];
  final int[] bandCandidates = new int[BandLayout.MAX_BANDS];
  long[] words = new long[4096];
  long sink;
  int[] rangeStart = new int[4096];
  int[] rangeEnd = new int[4096];
  int[] candidates = new int[4096];
  private boolean busy;

  /**
   * This thread's scratch; a fresh one if a hit consumer searches again from inside a search (the
   * rare re-entrant case must not overwrite the outer query's buffers).
   */
  static SearchScratch acquire() {
    SearchScratch scratch = LOCAL.get();
    if (scratch.busy) {
      return new SearchScratch();
    }
    scratch.busy = true;
    return scratch;
  }

  void release() {
    busy = false;
  }

  void ensureRanges(int needed) {
    if (needed > rangeStart.length) {
      int size = Math.max(needed, rangeStart.length * 2);
      rangeStart = java.util.Arrays.copyOf(rangeStart, size);
      rangeEnd = java.util.Arrays.copyOf(rangeEnd, size);
      words = new long[size];
    }
  }

  void ensureCandidates(int needed) {
    if (needed > candidates.length) {
      candidates = new int[Math.max(needed, candidates.length * 2)];
    }
  }
}
