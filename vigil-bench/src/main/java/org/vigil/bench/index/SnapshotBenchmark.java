package org.vigil.bench.index;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.vigil.hash.index.*;

/**
 * The measurement behind {@code vigil bench snapshot}: how long a {@link MultiIndexHammingIndex} of
 * N synthetic codes takes to save and to load back (read, checksum, id map and the bulk build of
 * every band), and whether the loaded index still finds what was saved. A benchmark, never a test:
 * nothing here asserts a speed.
 *
 * <p>Two ways to run it. {@link #saveAndLoad} builds, saves, drops the index and loads it in the
 * same process: the heap is already grown, as when a running server reloads a bank. {@link
 * #loadOnly} loads a file saved earlier, which run in a fresh process is the cold start of a
 * server: every page of the heap is touched for the first time.
 */
public final class SnapshotBenchmark {

  /** Entries looked up in the loaded index to check it (each must be found at distance 0). */
  private static final int CHECKS = 1_000;

  private SnapshotBenchmark() {}

  /** What was measured; times in seconds, -1 where the run did not measure it. */
  public record Result(
      int entries,
      long fileBytes,
      double buildS,
      double saveS,
      double loadS,
      double loadCpuS,
      int checked,
      int found,
      String layout) {

    public boolean intact() {
      return found == checked;
    }

    public String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"entries\":%d,\"file_bytes\":%d,\"build_s\":%.3f,\"save_s\":%.3f,\"load_s\":%.3f,"
              + "\"load_cpu_s\":%.3f,\"checked\":%d,\"found\":%d}",
          entries,
          fileBytes,
          buildS,
          saveS,
          loadS,
          loadCpuS,
          checked,
          found);
    }

    public String toText() {
      // A load-only run built and saved nothing: name only what it measured, not "-1.00 s".
      String buildAndSave =
          buildS < 0
              ? ""
              : String.format(Locale.ROOT, "build %.2f s, save %.2f s, ", buildS, saveS);
      return String.format(
          Locale.ROOT,
          "%,d entries, %,d bytes on disk; %s%n"
              + "%sload %.2f s (%.2f s of CPU)%n"
              + "found %,d of %,d saved entries at distance 0 after the load%s",
          entries,
          fileBytes,
          layout,
          buildAndSave,
          loadS,
          loadCpuS,
          found,
          checked,
          intact() ? "" : " (SNAPSHOT LOST ENTRIES)");
    }
  }

  /** Builds an index of {@code size} uniform codes, saves it to {@code file}, then loads it. */
  public static Result saveAndLoad(int size, long seed, Path file, int expectedThreshold)
      throws IOException {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, got " + size);
    }
    long[] codes = SyntheticPdqCodes.uniform(size, seed);
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      ids[i] = 1_000_000_000L + i;
    }
    MultiIndexHammingIndex index =
        new MultiIndexHammingIndex(expectedThreshold, MultiIndexHammingIndex.DEFAULT_TAIL_CAPACITY);
    long start = System.nanoTime();
    index.addAll(ids, codes, size);
    double buildS = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    index.save(file);
    double saveS = (System.nanoTime() - start) / 1e9;
    index = null;
    System.gc();
    long cpuStart = processCpuNanos();
    start = System.nanoTime();
    MultiIndexHammingIndex loaded = MultiIndexHammingIndex.load(file, expectedThreshold);
    double loadS = (System.nanoTime() - start) / 1e9;
    double loadCpuS = (processCpuNanos() - cpuStart) / 1e9;
    // Checked against the codes that were generated, not against what the load produced.
    int checked = Math.min(CHECKS, size);
    int found = 0;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < checked; i++) {
      int at = random.nextInt(size);
      found += finds(loaded, ids[at], codes, 4 * at) ? 1 : 0;
    }
    return new Result(
        loaded.size(),
        Files.size(file),
        buildS,
        saveS,
        loadS,
        loadCpuS,
        checked,
        found,
        loaded.describe());
  }

  private static boolean finds(MultiIndexHammingIndex index, long id, long[] codes, int at) {
    boolean[] seen = {false};
    index.search(
        codes[at],
        codes[at + 1],
        codes[at + 2],
        codes[at + 3],
        0,
        (hit, distance) -> seen[0] |= hit == id && distance == 0);
    return seen[0];
  }

  /**
   * Loads {@code file} and checks {@value #CHECKS} of its entries: each must be found under its id
   * at distance 0. The codes looked for are the loaded entries themselves (the file's checksum
   * vouches for the bytes), so this checks that the bulk build indexed every entry, for any
   * snapshot.
   */
  public static Result loadOnly(Path file, int expectedThreshold) throws IOException {
    long fileBytes = Files.size(file);
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    MultiIndexHammingIndex index = MultiIndexHammingIndex.load(file, expectedThreshold);
    double loadS = (System.nanoTime() - start) / 1e9;
    double loadCpuS = (processCpuNanos() - cpuStart) / 1e9;
    int entries = index.size();
    int[] check = index.selfCheck(CHECKS, 7);
    int checked = check[0];
    int found = check[1];
    return new Result(
        entries, fileBytes, -1, -1, loadS, loadCpuS, checked, found, index.describe());
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }
}
