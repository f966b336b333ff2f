package org.vigil.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigil.bench.video.VideoHashCpu;
import org.vigil.bench.video.VpdqIndexBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench video}: with {@code --file}, CPU time to hash that video (vPDQ and TMK
 * separately), side by side with Meta's reference tools when their binaries are given; then the
 * latency of matching one-minute videos against {@code --stored} synthetic stored videos.
 */
@Command(
    name = "video",
    description = {
      "Video hashing CPU time per core (Vigil vs the reference tools, with --file) and vPDQ",
      "matching latency against N stored synthetic videos."
    },
    mixinStandardHelpOptions = true)
public final class BenchVideoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--file", description = "A video to hash (e.g. a 1-minute 720p H.264 MP4).")
  Path file;

  @Option(
      names = "--iterations",
      description = "Timed hashings of each kind, after one warm-up (default ${DEFAULT-VALUE}).")
  int iterations = 3;

  @Option(
      names = "--reference-vpdq",
      description = "The reference's vpdq-hash-video binary, built from facebook/ThreatExchange.")
  Path referenceVpdq;

  @Option(
      names = "--reference-tmk",
      description = "The reference's tmk-hash-video binary, built from facebook/ThreatExchange.")
  Path referenceTmk;

  @Option(
      names = "--ffmpeg",
      description = "ffmpeg the reference TMK tool runs (default ${DEFAULT-VALUE}).")
  String ffmpeg = "/usr/bin/ffmpeg";

  @Option(
      names = "--stored",
      description =
          "Stored videos for the matching benchmark, 0 to skip (default ${DEFAULT-VALUE}).")
  int stored = 100_000;

  @Option(
      names = "--frames",
      description = "Mean frames per stored video (default ${DEFAULT-VALUE}).")
  int frames = 30;

  @Option(
      names = "--queries",
      description = "Timed one-minute query videos (default ${DEFAULT-VALUE}).")
  int queries = 2_000;

  @Option(
      names = "--verify",
      description = "Queries also checked by brute force (default ${DEFAULT-VALUE}).")
  int verify = 5;

  @Mixin BenchOptions common;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean ok = true;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ParameterException(spec.commandLine(), "no such video: " + file);
      }
      VideoHashCpu.Result hashing;
      try {
        hashing =
            VideoHashCpu.run(
                new VideoHashCpu.Options(file, iterations, referenceVpdq, referenceTmk, ffmpeg));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      out.println(hashing.toText());
      ok = !hashing.identical().containsValue(false);
    }
    if (stored > 0) {
      VpdqIndexBenchmark.Result matching;
      try {
        matching =
            VpdqIndexBenchmark.run(
                new VpdqIndexBenchmark.Options(stored, frames, queries, verify, common.seed));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      out.println(common.json ? matching.toJson() : matching.toText());
      ok &= matching.exact() && matching.copiesFound() == matching.copies();
    }
    out.flush();
    return ok ? 0 : 1;
  }
}
