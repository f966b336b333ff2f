package org.vigil.bench.video;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.vigil.hash.PdqHash;
import org.vigil.hash.video.VpdqComparison;
import org.vigil.hash.video.VpdqFrame;
import org.vigil.hash.video.VpdqHash;
import org.vigil.hash.video.VpdqIndex;
import org.vigil.hash.video.VpdqMatchOptions;
import org.vigil.hash.video.VpdqMatcher;

/**
 * Matching one video against many stored videos through {@link VpdqIndex}: latency per query video
 * (all its frame searches and the per-video percentages), p50/p99/max.
 *
 * <p>Synthetic data only (never real hash lists). A stored video has 1 to {@code 2·frames - 1}
 * frames (mean {@code frames}), in shots of about ten frames; a shot is a random 256-bit centre and
 * each of its frames differs from it by 0–8 bits, the way consecutive one-per-second frames of one
 * shot are near-duplicates. Half the queries are one-minute re-encodes of a stored video (every
 * frame moved by 0–10 more bits, so they must match it); the other half are unrelated one-minute
 * videos, the common case for uploads.
 */
public final class VpdqIndexBenchmark {

  /**
   * @param videos stored videos
   * @param frames mean frames per stored video
   * @param queries timed query videos
   * @param verify queries also compared with every stored video by brute force
   * @param seed synthetic data seed
   */
  public record Options(int videos, int frames, int queries, int verify, long seed) {
    public Options {
      if (videos < 1 || frames < 1 || queries < 1 || verify < 0) {
        throw new IllegalArgumentException("videos, frames and queries must be at least 1");
      }
    }
  }

  public record Result(
      Options options,
      long storedFrames,
      double buildSeconds,
      double p50Micros,
      double p99Micros,
      double maxMicros,
      double cpuP50Micros,
      double cpuP99Micros,
      int copiesFound,
      int copies,
      int verified,
      boolean exact) {

    public String toText() {
      return String.format(
          Locale.ROOT,
          "stored videos %,d (%,d frames, built in %.1f s); %,d query videos of 60 frames%n"
              + "latency per query video: p50 %.0f µs, p99 %.0f µs, max %.0f µs"
              + " (thread CPU: p50 %.0f µs, p99 %.0f µs)%n"
              + "re-encoded copies found: %d/%d; brute-force check on %d queries: %s",
          options.videos(),
          storedFrames,
          buildSeconds,
          options.queries(),
          p50Micros,
          p99Micros,
          maxMicros,
          cpuP50Micros,
          cpuP99Micros,
          copiesFound,
          copies,
          verified,
          exact ? "identical" : "DIFFERENT");
    }

    public String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"videos\":%d,\"storedFrames\":%d,\"buildSeconds\":%.3f,\"queries\":%d,"
              + "\"p50Micros\":%.1f,\"p99Micros\":%.1f,\"maxMicros\":%.1f,"
              + "\"cpuP50Micros\":%.1f,\"cpuP99Micros\":%.1f,"
              + "\"copiesFound\":%d,\"copies\":%d,\"verified\":%d,\"exact\":%b}",
          options.videos(),
          storedFrames,
          buildSeconds,
          options.queries(),
          p50Micros,
          p99Micros,
          maxMicros,
          cpuP50Micros,
          cpuP99Micros,
          copiesFound,
          copies,
          verified,
          exact);
    }
  }

  private VpdqIndexBenchmark() {}

  public static Result run(Options o) {
    SplittableRandom random = new SplittableRandom(o.seed());
    VpdqMatchOptions options = VpdqMatchOptions.DEFAULT;
    VpdqIndex index = new VpdqIndex(options);
    List<VpdqHash> stored = new ArrayList<>(o.videos());
    long build0 = System.nanoTime();
    for (int v = 0; v < o.videos(); v++) {
      VpdqHash video = video(1 + random.nextInt(2 * o.frames() - 1), random);
      stored.add(video);
      index.add(v, video);
    }
    double buildSeconds = (System.nanoTime() - build0) / 1e9;

    // Warm-up: JIT the search path before timing.
    for (int i = 0; i < Math.min(500, o.queries()); i++) {
      index.search(video(60, random));
    }
    long[] micros = new long[o.queries()];
    long[] cpuMicros = new long[o.queries()];
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    int copies = 0;
    int found = 0;
    int verified = 0;
    boolean exact = true;
    for (int q = 0; q < o.queries(); q++) {
      boolean copy = q % 2 == 0;
      int source = random.nextInt(o.videos());
      VpdqHash query = copy ? reencode(stored.get(source), random) : video(60, random);
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      List<VpdqIndex.Hit> hits = index.search(query);
      micros[q] = (System.nanoTime() - t0) / 1000;
      cpuMicros[q] = (threads.getCurrentThreadCpuTime() - c0) / 1000;
      if (copy) {
        copies++;
        if (hits.stream().anyMatch(h -> h.videoId() == source)) {
          found++;
        }
      }
      if (q < o.verify()) {
        exact &= sameAsBruteForce(query, hits, stored, options);
        verified++;
      }
    }
    Arrays.sort(micros);
    Arrays.sort(cpuMicros);
    return new Result(
        o,
        index.frameCount(),
        buildSeconds,
        micros[micros.length / 2],
        p99(micros),
        micros[micros.length - 1],
        cpuMicros[cpuMicros.length / 2],
        p99(cpuMicros),
        found,
        copies,
        verified,
        exact);
  }

  private static long p99(long[] sorted) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
  }

  private static boolean sameAsBruteForce(
      VpdqHash query, List<VpdqIndex.Hit> hits, List<VpdqHash> stored, VpdqMatchOptions options) {
    int expected = 0;
    for (int v = 0; v < stored.size(); v++) {
      VpdqComparison brute = VpdqMatcher.compare(query, stored.get(v), options);
      if (brute.isMatch(options)) {
        expected++;
        long id = v;
        boolean same =
            hits.stream()
                .anyMatch(
                    h ->
                        h.videoId() == id
                            && h.comparison().queryPercent() == brute.queryPercent()
                            && h.comparison().targetPercent() == brute.targetPercent());
        if (!same) {
          return false;
        }
      }
    }
    return expected == hits.size();
  }

  /** A video of {@code frames} frames in shots of about ten near-duplicate frames. */
  static VpdqHash video(int frames, SplittableRandom random) {
    List<VpdqFrame> list = new ArrayList<>(frames);
    PdqHash centre = null;
    for (int i = 0; i < frames; i++) {
      if (centre == null || random.nextInt(10) == 0) {
        centre =
            new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
      }
      list.add(new VpdqFrame(i, 100, flip(centre, random.nextInt(9), random), i));
    }
    return new VpdqHash(list);
  }

  /** A one-minute copy of a stored video: its frames cycled to 60, each moved by 0–10 bits. */
  static VpdqHash reencode(VpdqHash original, SplittableRandom random) {
    List<VpdqFrame> list = new ArrayList<>(60);
    List<VpdqFrame> frames = original.frames();
    for (int i = 0; i < 60; i++) {
      VpdqFrame f = frames.get(i % frames.size());
      list.add(new VpdqFrame(i, 100, flip(f.hash(), random.nextInt(11), random), i));
    }
    return new VpdqHash(list);
  }

  private static PdqHash flip(PdqHash code, int bits, SplittableRandom random) {
    long[] w = {code.w0(), code.w1(), code.w2(), code.w3()};
    for (int i = 0; i < bits; i++) {
      int bit = random.nextInt(256);
      w[bit >>> 6] ^= 1L << (bit & 63);
    }
    return new PdqHash(w[0], w[1], w[2], w[3]);
  }
}
