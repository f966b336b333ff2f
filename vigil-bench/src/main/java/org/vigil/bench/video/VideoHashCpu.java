package org.vigil.bench.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.hash.video.Ffmpeg;
import org.vigil.hash.video.TmkFeatures;
import org.vigil.hash.video.TmkHasher;
import org.vigil.hash.video.VideoHasher;
import org.vigil.hash.video.VideoHashes;
import org.vigil.hash.video.VideoInfo;
import org.vigil.hash.video.VideoLimits;
import org.vigil.hash.video.VpdqHash;
import org.vigil.hash.video.VpdqHasher;

/**
 * Hashing one video, Vigil against Meta's reference tools in the same run, per core: every
 * measurement is the CPU time (user + system) of this JVM plus the child processes it waited for
 * (FFmpeg for Vigil; the reference binary and, for TMK, its own FFmpeg child), so it counts the
 * work on every core, not the wall clock of a busy shared machine. Iterations alternate between the
 * four so load drifts hit them alike; the first of each is a warm-up and is not counted.
 *
 * <p>Also checks that Vigil's outputs equal the reference's for the same file (vPDQ text byte for
 * byte at one hash per second, .tmk byte for byte).
 */
public final class VideoHashCpu {

  /**
   * @param video the video to hash
   * @param iterations timed runs of each (after one warm-up)
   * @param referenceVpdq the reference's {@code vpdq-hash-video}, or null to skip it
   * @param referenceTmk the reference's {@code tmk-hash-video}, or null to skip it
   * @param ffmpeg the ffmpeg binary the reference TMK tool runs
   */
  public record Options(
      Path video, int iterations, Path referenceVpdq, Path referenceTmk, String ffmpeg) {
    public Options {
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be at least 1");
      }
    }
  }

  /** Median and minimum CPU seconds per hashing of the video, and median wall seconds. */
  public record Row(String name, double medianCpu, double minCpu, double medianWall) {}

  public record Result(VideoInfo info, List<Row> rows, Map<String, Boolean> identical) {

    public String toText() {
      StringBuilder text = new StringBuilder();
      text.append(
          String.format(
              Locale.ROOT,
              "video %dx%d %.3f fps %.1f s (%s)%n",
              info.width(),
              info.height(),
              info.frameRate(),
              info.durationSeconds(),
              info.codec()));
      text.append(
          String.format(
              Locale.ROOT,
              "%-22s %12s %12s %12s%n",
              "hasher",
              "cpu med s",
              "cpu min s",
              "wall med s"));
      for (Row row : rows) {
        text.append(
            String.format(
                Locale.ROOT,
                "%-22s %12.3f %12.3f %12.3f%n",
                row.name(),
                row.medianCpu(),
                row.minCpu(),
                row.medianWall()));
      }
      ratio(text, "vPDQ", "vigil vpdq", "reference vpdq");
      ratio(text, "TMK", "vigil tmk", "reference tmk");
      Row vpdq = row("vigil vpdq");
      Row tmk = row("vigil tmk");
      Row both = row("vigil both, one decode");
      if (vpdq != null && tmk != null && both != null) {
        double separate = vpdq.medianCpu() + tmk.medianCpu();
        text.append(
            String.format(
                Locale.ROOT,
                "vPDQ + TMK: two decodes %.3f s CPU (sum of medians), one decode %.3f s: %.0f %%"
                    + " saved%n",
                separate,
                both.medianCpu(),
                100 * (1 - both.medianCpu() / separate)));
      }
      for (Map.Entry<String, Boolean> e : identical.entrySet()) {
        text.append(e.getKey()).append(" identical: ").append(e.getValue()).append('\n');
      }
      return text.toString().stripTrailing();
    }

    private void ratio(StringBuilder text, String what, String ours, String theirs) {
      Row a = row(ours);
      Row b = row(theirs);
      if (a != null && b != null) {
        text.append(
            String.format(
                Locale.ROOT,
                "%s: reference / vigil CPU = %.2f (median), %.2f (min)%n",
                what,
                b.medianCpu() / a.medianCpu(),
                b.minCpu() / a.minCpu()));
      }
    }

    private Row row(String name) {
      return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
  }

  private VideoHashCpu() {}

  private interface Run {
    void run() throws Exception;
  }

  public static Result run(Options options) throws Exception {
    Ffmpeg ffmpeg = Ffmpeg.fromEnvironment();
    VideoLimits limits = VideoLimits.DEFAULT;
    VpdqHasher vpdq = new VpdqHasher(ffmpeg, limits);
    TmkHasher tmk = new TmkHasher(ffmpeg, limits);
    VideoInfo info = ffmpeg.probe(options.video(), limits);
    Path work = Files.createTempDirectory("vigil-video-bench");
    Path refText = work.resolve("ref.txt");
    Path refTmk = work.resolve("ref.tmk");
    VpdqHash[] ourVpdq = new VpdqHash[1];
    TmkFeatures[] ourTmk = new TmkFeatures[1];

    Map<String, Run> runs = new LinkedHashMap<>();
    runs.put("vigil vpdq", () -> ourVpdq[0] = vpdq.hash(options.video(), info, 1.0));
    if (options.referenceVpdq() != null) {
      runs.put(
          "reference vpdq",
          () ->
              exec(
                  options.referenceVpdq().toString(),
                  "-r",
                  "1",
                  "-t",
                  "1",
                  "-i",
                  options.video().toString(),
                  "-o",
                  refText.toString()));
    }
    runs.put("vigil tmk", () -> ourTmk[0] = tmk.hash(options.video(), info));
    // What a scan runs: probe, then one decode feeding both hashers.
    VideoHasher both = new VideoHasher(ffmpeg, limits);
    VideoHashes[] ourBoth = new VideoHashes[1];
    runs.put("vigil both, one decode", () -> ourBoth[0] = both.hash(options.video(), 1.0));
    if (options.referenceTmk() != null) {
      runs.put(
          "reference tmk",
          () ->
              exec(
                  options.referenceTmk().toString(),
                  "-f",
                  options.ffmpeg(),
                  "-i",
                  options.video().toString(),
                  "-o",
                  refTmk.toString()));
    }
    Map<String, List<long[]>> samples = new LinkedHashMap<>();
    for (int i = 0; i <= options.iterations(); i++) {
      for (Map.Entry<String, Run> e : runs.entrySet()) {
        long cpu0 = CpuClock.nanos();
        long wall0 = System.nanoTime();
        e.getValue().run();
        long cpu = CpuClock.nanos() - cpu0;
        long wall = System.nanoTime() - wall0;
        if (i > 0) {
          samples.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new long[] {cpu, wall});
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<long[]>> e : samples.entrySet()) {
      long[] cpu = e.getValue().stream().mapToLong(s -> s[0]).sorted().toArray();
      long[] wall = e.getValue().stream().mapToLong(s -> s[1]).sorted().toArray();
      rows.add(new Row(e.getKey(), median(cpu) / 1e9, cpu[0] / 1e9, median(wall) / 1e9));
    }
    Map<String, Boolean> identical = new LinkedHashMap<>();
    identical.put(
        "one-decode vPDQ and TMK vs separate decodes",
        ourBoth[0].vpdq().toText().equals(ourVpdq[0].toText())
            && Arrays.equals(ourBoth[0].tmk().toBytes(), ourTmk[0].toBytes()));
    if (options.referenceVpdq() != null) {
      identical.put("vPDQ vs the reference", ourVpdq[0].toText().equals(Files.readString(refText)));
    }
    if (options.referenceTmk() != null) {
      identical.put(
          "TMK vs the reference", Arrays.equals(ourTmk[0].toBytes(), Files.readAllBytes(refTmk)));
    }
    Files.deleteIfExists(refText);
    Files.deleteIfExists(refTmk);
    Files.deleteIfExists(work);
    return new Result(info, rows, identical);
  }

  private static double median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static void exec(String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException(command[0] + " exited with " + rc);
    }
  }
}
