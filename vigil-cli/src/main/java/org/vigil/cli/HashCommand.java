package org.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.vigil.hash.MediaHashes;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.image.MediaHasher;
import org.vigil.hash.video.Ffmpeg;
import org.vigil.hash.video.VideoHasher;
import org.vigil.hash.video.VideoHashes;
import org.vigil.hash.video.VideoLimits;
import org.vigil.hash.video.VpdqFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil hash}: PDQ, quality, MD5 and SHA-256 of image files, vPDQ and TMK+PDQF of video
 * files (through FFmpeg), on all cores. Reads no state, so it needs no data directory. One output
 * line per file, in completion order; a file that cannot be hashed gets an error line and the run
 * goes on.
 */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = {
      "Hash image files (JPEG, PNG, GIF, BMP, WebP): PDQ, PDQ quality, MD5, SHA-256.",
      "Video files (MP4/MOV, WebM/MKV, AVI, FLV, MPEG, Ogg; needs ffmpeg): vPDQ and TMK+PDQF.",
      "Directories are walked recursively. One line per file, in completion order.",
      "Exit status: 0 all files hashed, 1 some failed, 2 usage error."
    })
public final class HashCommand implements Callable<Integer> {

  // Keys in the documented column order (path first), not sorted.
  private static final ObjectWriter JSON =
      org.vigil.core.json.Json.MAPPER
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  @Spec CommandSpec spec;

  @Option(
      names = "--json",
      description =
          "NDJSON: {\"path\",\"pdq\",\"quality\",\"md5\",\"sha256\",\"width\",\"height\"} per file,"
              + " {\"path\",\"error\"} for a file that failed. Default: text lines"
              + " 'pdq quality md5 sha256 WIDTHxHEIGHT path' and 'path: error: message'.")
  boolean json;

  @Option(
      names = "--threads",
      description = "Files hashed at once (default: all cores, ${DEFAULT-VALUE}).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--max-pixels",
      description = "Refuse images declaring more pixels than this (default ${DEFAULT-VALUE}).")
  long maxPixels = 100_000_000L;

  @Option(
      names = "--seconds-per-hash",
      description =
          "Videos: one vPDQ frame hash per this many seconds, 0 = every frame (default"
              + " ${DEFAULT-VALUE}).")
  double secondsPerHash = 1.0;

  @Option(
      names = "--max-video-seconds",
      description = "Refuse videos longer than this (default ${DEFAULT-VALUE}).")
  double maxVideoSeconds = VideoLimits.DEFAULT.maxDurationSeconds();

  @Option(
      names = "--max-frame-pixels",
      description = "Refuse videos whose frames have more pixels (default ${DEFAULT-VALUE}).")
  long maxFramePixels = VideoLimits.DEFAULT.maxFramePixels();

  @Option(
      names = "--progress",
      negatable = true,
      description = "Progress bar on stderr (default: shown when stderr is a terminal).")
  Boolean progress;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or directories.")
  List<Path> paths;

  @Override
  public Integer call() throws InterruptedException {
    if (threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    }
    if (maxPixels < 1) {
      throw new ParameterException(spec.commandLine(), "--max-pixels must be positive");
    }
    if (!(secondsPerHash >= 0) || Double.isInfinite(secondsPerHash)) {
      throw new ParameterException(spec.commandLine(), "--seconds-per-hash must be 0 or more");
    }
    if (!(maxVideoSeconds > 0) || Double.isInfinite(maxVideoSeconds) || maxFramePixels < 25) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-video-seconds must be positive and --max-frame-pixels at least 25");
    }
    PrintWriter out = spec.commandLine().getOut();
    MediaHasher hasher = new MediaHasher(maxPixels);
    videos =
        new VideoHasher(Ffmpeg.fromEnvironment(), new VideoLimits(maxFramePixels, maxVideoSeconds));
    AtomicInteger failures = new AtomicInteger();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      collect(path, files, out, failures);
    }
    boolean showProgress = progress != null ? progress : ProgressBar.stderrIsTerminal();
    ProgressBar bar =
        showProgress ? new ProgressBar(spec.commandLine().getErr(), files.size()) : null;
    ExecutorService pool = Executors.newFixedThreadPool(threads, HashCommand::daemon);
    try {
      for (Path file : files) {
        pool.execute(
            () -> {
              String line = hashOne(hasher, file, failures);
              synchronized (out) {
                out.println(line);
              }
              if (bar != null) {
                bar.advance();
              }
            });
      }
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // keep waiting; the progress bar (if any) shows where we are
      }
    } finally {
      pool.shutdownNow();
      if (bar != null) {
        bar.finish();
      }
      out.flush();
    }
    return failures.get() == 0 ? 0 : 1;
  }

  private void collect(Path path, List<Path> files, PrintWriter out, AtomicInteger failures) {
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(Files::isRegularFile).sorted().forEach(files::add);
      } catch (IOException | RuntimeException e) {
        failures.incrementAndGet();
        out.println(errorLine(path, "cannot list directory: " + message(e)));
      }
    } else if (Files.exists(path)) {
      files.add(path);
    } else {
      failures.incrementAndGet();
      out.println(errorLine(path, "no such file or directory"));
    }
  }

  private VideoHasher videos;

  private String hashOne(MediaHasher hasher, Path file, AtomicInteger failures) {
    try {
      if (VideoHasher.isVideoFile(file)) {
        return videoLines(file, videos.hash(file, secondsPerHash));
      }
      return resultLine(file, hasher.hash(file));
    } catch (MediaRejectedException e) {
      failures.incrementAndGet();
      return errorLine(file, e.getMessage());
    } catch (NoSuchFileException e) {
      failures.incrementAndGet();
      return errorLine(file, "no such file");
    } catch (IOException e) {
      failures.incrementAndGet();
      return errorLine(file, "cannot read: " + message(e));
    } catch (RuntimeException e) {
      // A bug must cost one file, not the run.
      failures.incrementAndGet();
      return errorLine(file, "internal error: " + e);
    }
  }

  private String resultLine(Path file, MediaHashes h) {
    if (!json) {
      return String.format(
          Locale.ROOT,
          "%s %d %s %s %dx%d %s",
          h.pdq().toHex(),
          h.quality(),
          h.md5(),
          h.sha256(),
          h.width(),
          h.height(),
          file);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("path", file.toString());
    line.put("pdq", h.pdq().toHex());
    line.put("quality", h.quality());
    line.put("md5", h.md5());
    line.put("sha256", h.sha256());
    line.put("width", h.width());
    line.put("height", h.height());
    return toJson(line);
  }

  /**
   * JSON: one object {@code {"path","vpdq":[{"frame","quality","pdq","timestamp"}],"tmk"}}, tmk
   * being the base64 of the reference's .tmk bytes. Text: the reference's vPDQ lines
   * (frame,quality,pdq,timestamp), each followed by the path.
   */
  private String videoLines(Path file, VideoHashes h) {
    if (!json) {
      StringBuilder text = new StringBuilder();
      for (VpdqFrame frame : h.vpdq().frames()) {
        if (text.length() > 0) {
          text.append(System.lineSeparator());
        }
        text.append(frame.toLine()).append(' ').append(file);
      }
      return text.toString();
    }
    List<Map<String, Object>> frames = new ArrayList<>();
    for (VpdqFrame frame : h.vpdq().frames()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("frame", frame.frameNumber());
      f.put("quality", frame.quality());
      f.put("pdq", frame.hash().toHex());
      f.put("timestamp", Double.parseDouble(frame.timestampText()));
      frames.add(f);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("path", file.toString());
    line.put("width", h.info().width());
    line.put("height", h.info().height());
    line.put("vpdq", frames);
    line.put("tmk", Base64.getEncoder().encodeToString(h.tmk().toBytes()));
    return toJson(line);
  }

  private String errorLine(Path file, String error) {
    if (!json) {
      return file + ": error: " + error;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("path", file.toString());
    line.put("error", error);
    return toJson(line);
  }

  private static String toJson(Map<String, Object> line) {
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for a map of strings and numbers", e);
    }
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "vigil-hash");
    thread.setDaemon(true);
    return thread;
  }

  /** A one-line progress bar redrawn in place on stderr, at most five times a second. */
  static final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final int total;
    private final long started = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private long lastDrawn;

    ProgressBar(PrintWriter err, int total) {
      this.err = err;
      this.total = total;
    }

    /**
     * True when file descriptor 2 is a terminal. Java has no isatty; on Linux the descriptor's link
     * names the device. Elsewhere fall back to the JVM's console check.
     */
    static boolean stderrIsTerminal() {
      try {
        String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return System.console() != null;
      }
    }

    void advance() {
      int now = done.incrementAndGet();
      long time = System.nanoTime();
      synchronized (this) {
        if (now == total || time - lastDrawn > 200_000_000L) {
          lastDrawn = time;
          draw(now, time);
        }
      }
    }

    void finish() {
      synchronized (this) {
        draw(done.get(), System.nanoTime());
        err.println();
        err.flush();
      }
    }

    private void draw(int now, long time) {
      int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * now / total);
      double seconds = Math.max(1e-9, (time - started) / 1e9);
      err.printf(
          Locale.ROOT,
          "\r[%s%s] %d/%d files %.1f/s",
          "#".repeat(filled),
          " ".repeat(WIDTH - filled),
          now,
          total,
          now / seconds);
      err.flush();
    }
  }
}
