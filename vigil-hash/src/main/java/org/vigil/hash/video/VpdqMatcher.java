package org.vigil.hash.video;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vigil.hash.PdqHash;

/**
 * Compares two vPDQ hashes frame by frame (every kept query frame against every kept target frame),
 * as both references do. For one query against many stored videos use {@link VpdqIndex}, which
 * gives the same percentages without scanning every stored frame.
 */
public final class VpdqMatcher {

  private VpdqMatcher() {}

  public static VpdqComparison compare(VpdqHash query, VpdqHash target, VpdqMatchOptions options) {
    List<VpdqFrame> q = keptFrames(query, options);
    List<VpdqFrame> t = keptFrames(target, options);
    int limit = options.inclusiveDistance();
    boolean[] targetHit = new boolean[t.size()];
    int queryMatched = 0;
    float first = Float.NaN;
    for (VpdqFrame qf : q) {
      boolean matched = false;
      for (int j = 0; j < t.size(); j++) {
        if (qf.hash().distance(t.get(j).hash()) <= limit) {
          matched = true;
          targetHit[j] = true;
        }
      }
      if (matched) {
        queryMatched++;
        if (Float.isNaN(first)) {
          first = qf.timestamp();
        }
      }
    }
    int targetMatched = 0;
    for (boolean hit : targetHit) {
      targetMatched += hit ? 1 : 0;
    }
    return new VpdqComparison(
        percent(queryMatched, q.size()),
        percent(targetMatched, t.size()),
        q.size(),
        t.size(),
        first);
  }

  /**
   * The frames a comparison uses: quality at least {@code minQuality}; when {@code dropDuplicates},
   * only the first frame with each hash (de-duplication runs before the quality filter, as in the
   * Python reference's brute matcher).
   */
  static List<VpdqFrame> keptFrames(VpdqHash hash, VpdqMatchOptions options) {
    List<VpdqFrame> kept = new ArrayList<>(hash.frames().size());
    Set<PdqHash> seen = options.dropDuplicates() ? new HashSet<>() : null;
    for (VpdqFrame frame : hash.frames()) {
      if (seen != null && !seen.add(frame.hash())) {
        continue;
      }
      if (frame.quality() >= options.minQuality()) {
        kept.add(frame);
      }
    }
    return kept;
  }

  static double percent(int part, int whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }
}
