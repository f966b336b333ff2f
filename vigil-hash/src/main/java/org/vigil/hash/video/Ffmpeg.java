package org.vigil.hash.video;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.MediaRejectedException.Reason;

/**
 * Debian's {@code ffmpeg} and {@code ffprobe} run as child processes: the container is probed
 * first, then frames stream out of {@code ffmpeg} as raw RGB24 through a pipe, so a 2 GB video is
 * never held in memory (not even one whole frame: PDQ reads a frame row by row from the pipe).
 *
 * <p>Why a subprocess and not JavaCV: docs/video.md has the measurement. In short, the reference
 * hashes were made with FFmpeg 5.1 (Debian 12's), and TMK's reference itself runs the {@code
 * ffmpeg} command line; the same binary gives the same pixels, the decoder runs in its own process
 * (a crash or a hostile file cannot take the JVM down) and decoding overlaps hashing on a second
 * core.
 *
 * <p>Hardening: the demuxer is forced to the one {@link VideoContainer} recognised by signature
 * ({@code -f}), only the {@code file} protocol is allowed, the path is passed as {@code file:...}
 * (so a name cannot be read as an option or a URL), {@code -xerror} stops at the first decoding
 * error (a truncated file is an error, not a shorter video), and a watchdog kills a child that runs
 * past the timeout. Thread-safe: every call starts its own processes.
 */
public final class Ffmpeg {

  private static final int STDERR_KEEP = 8 * 1024;

  private final String ffmpeg;
  private final String ffprobe;
  private final long timeoutSeconds;

  /**
   * @param ffmpeg the ffmpeg executable (a path, or a name looked up on PATH)
   * @param ffprobe the ffprobe executable
   * @param timeoutSeconds a child still running after this long is killed
   */
  public Ffmpeg(String ffmpeg, String ffprobe, long timeoutSeconds) {
    if (ffmpeg == null || ffmpeg.isBlank() || ffprobe == null || ffprobe.isBlank()) {
      throw new IllegalArgumentException("ffmpeg and ffprobe executables must be named");
    }
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("timeoutSeconds must be at least 1");
    }
    this.ffmpeg = ffmpeg;
    this.ffprobe = ffprobe;
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * {@code ffmpeg} and {@code ffprobe} from PATH, or from the environment variables {@code
   * VIGIL_FFMPEG} and {@code VIGIL_FFPROBE}; children are killed after an hour.
   */
  public static Ffmpeg fromEnvironment() {
    String ffmpeg = System.getenv().getOrDefault("VIGIL_FFMPEG", "ffmpeg");
    String ffprobe = System.getenv().getOrDefault("VIGIL_FFPROBE", "ffprobe");
    return new Ffmpeg(ffmpeg, ffprobe, 3600);
  }

  /** Receives each raw frame; {@code frame} yields exactly one frame's bytes. */
  @FunctionalInterface
  public interface FrameSink {
    /**
     * @param index the frame's position in FFmpeg's output (0, 1, 2, ...)
     * @param frame the frame's packed RGB24 bytes; read them all or leave the rest to the caller
     */
    void frame(int index, InputStream frame) throws IOException, MediaRejectedException;
  }

  /**
   * Recognises the container and reads the first video stream's header, enforcing the limits before
   * anything is decoded.
   *
   * @throws MediaRejectedException UNSUPPORTED_FORMAT (not a video container, or no video stream),
   *     CORRUPT (unreadable header), TOO_MANY_PIXELS, TOO_LONG
   * @throws IOException when the file cannot be read or FFmpeg is not installed
   */
  public VideoInfo probe(Path file, VideoLimits limits) throws IOException, MediaRejectedException {
    VideoContainer container = sniff(file);
    List<String> command =
        List.of(
            ffprobe,
            "-v",
            "error",
            "-protocol_whitelist",
            "file",
            "-f",
            container.demuxer(),
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,width,height,avg_frame_rate,r_frame_rate:format=duration",
            "-of",
            "default=noprint_wrappers=1",
            fileUrl(file));
    Child child = start(command);
    Process process = child.process();
    StderrTail stderr = StderrTail.drain(process);
    Map<String, String> fields = new HashMap<>();
    try (InputStream out = process.getInputStream()) {
      String text = new String(out.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    }
    int rc = waitFor(process);
    if (child.timedOut().get()) {
      throw new MediaRejectedException(
          Reason.TOO_LONG,
          "reading the video's header took longer than the limit of " + timeoutSeconds + " s");
    }
    if (rc != 0) {
      throw new MediaRejectedException(
          Reason.CORRUPT, "corrupt or truncated video: " + stderr.summary(file));
    }
    if (!fields.containsKey("codec_name") || !fields.containsKey("width")) {
      throw new MediaRejectedException(
          Reason.UNSUPPORTED_FORMAT, "no video stream in the " + container + " container");
    }
    int width = parseInt(fields.get("width"));
    int height = parseInt(fields.get("height"));
    if (width < 5 || height < 5) {
      throw new MediaRejectedException(
          Reason.CORRUPT, "video frames of " + width + "x" + height + " are too small to hash");
    }
    if ((long) width * height > limits.maxFramePixels()) {
      throw new MediaRejectedException(
          Reason.TOO_MANY_PIXELS,
          "video frames of "
              + width
              + "x"
              + height
              + " exceed the limit of "
              + limits.maxFramePixels()
              + " pixels");
    }
    double frameRate = parseRate(fields.get("avg_frame_rate"));
    if (!(frameRate > 0)) {
      frameRate = parseRate(fields.get("r_frame_rate"));
    }
    if (!(frameRate > 0) || frameRate > 1000) {
      throw new MediaRejectedException(Reason.CORRUPT, "the video declares no usable frame rate");
    }
    double duration = parseDouble(fields.get("duration"));
    if (duration > limits.maxDurationSeconds()) {
      throw new MediaRejectedException(
          Reason.TOO_LONG,
          String.format(
              Locale.ROOT,
              "video of %.0f s exceeds the limit of %.0f s",
              duration,
              limits.maxDurationSeconds()));
    }
    return new VideoInfo(container, fields.get("codec_name"), width, height, frameRate, duration);
  }

  /**
   * What one FFmpeg output delivers: raw RGB24 frames of {@code width × height}, produced by {@code
   * options} (filters, scaling, frame rate), handed to {@code sink}.
   *
   * @param options FFmpeg output options placed before {@code -f rawvideo -pix_fmt rgb24}
   */
  public record Output(List<String> options, int width, int height, FrameSink sink) {
    public Output {
      options = List.copyOf(options);
      if (width < 1 || height < 1 || sink == null) {
        throw new IllegalArgumentException("an output needs a frame size and a sink");
      }
    }
  }

  /**
   * Decodes the video and streams FFmpeg's raw RGB24 output to {@code sink}, one frame of {@code
   * width × height} at a time.
   *
   * @param outputOptions FFmpeg output options placed before {@code -f rawvideo -pix_fmt rgb24
   *     pipe:1} (filters, scaling, frame rate)
   * @return the number of frames delivered
   * @throws MediaRejectedException CORRUPT when FFmpeg reports a decoding error or delivers no
   *     frame; TOO_LONG when decoding outlasts the timeout; whatever the sink throws
   */
  public int frames(
      Path file, VideoInfo info, List<String> outputOptions, int width, int height, FrameSink sink)
      throws IOException, MediaRejectedException {
    return frames(file, info, List.of(new Output(outputOptions, width, height, sink)))[0];
  }

  /**
   * Decodes the video ONCE and feeds every output from the same decoded frames: one FFmpeg process
   * with one output per entry, each with exactly the options it would have on its own command line
   * (FFmpeg gives each output its own filter graph after the shared decoder), so every output's
   * frames are byte-identical to a separate run's. The first output streams through the child's
   * stdout and is read on the calling thread; each further one through a named pipe (a FIFO in a
   * private temporary directory) read on a thread of its own, so no output can stall another.
   *
   * @return the number of frames each output delivered, in order
   * @throws MediaRejectedException as {@link #frames(Path, VideoInfo, List, int, int, FrameSink)};
   *     the first sink's rejection wins over the errors its stopping the child causes elsewhere
   */
  public int[] frames(Path file, VideoInfo info, List<Output> outputs)
      throws IOException, MediaRejectedException {
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("at least one output");
    }
    Path fifoDir = null;
    List<Path> fifos = new ArrayList<>();
    try {
      if (outputs.size() > 1) {
        fifoDir =
            Files.createTempDirectory(
                "vigil-ffmpeg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (int i = 1; i < outputs.size(); i++) {
          Path fifo = fifoDir.resolve("output-" + i + ".rgb");
          mkfifo(fifo);
          fifos.add(fifo);
        }
      }
      return decode(file, info, outputs, fifos);
    } finally {
      for (Path fifo : fifos) {
        Files.deleteIfExists(fifo);
      }
      if (fifoDir != null) {
        Files.deleteIfExists(fifoDir);
      }
    }
  }

  private int[] decode(Path file, VideoInfo info, List<Output> outputs, List<Path> fifos)
      throws IOException, MediaRejectedException {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            ffmpeg,
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-xerror",
            "-y", // the named pipes exist already
            "-protocol_whitelist",
            "file",
            "-f",
            info.container().demuxer(),
            "-i",
            fileUrl(file)));
    for (int i = 0; i < outputs.size(); i++) {
      command.addAll(List.of("-an", "-sn", "-dn"));
      command.addAll(outputs.get(i).options());
      command.addAll(List.of("-f", "rawvideo", "-pix_fmt", "rgb24"));
      command.add(i == 0 ? "pipe:1" : fileUrl(fifos.get(i - 1)));
    }
    Pumped[] results = new Pumped[outputs.size()];
    List<Thread> readers = new ArrayList<>();
    // Readers start before the child: FFmpeg's opening of a named pipe waits for its reader.
    Child child = start(command);
    for (int i = 1; i < outputs.size(); i++) {
      int index = i;
      Path fifo = fifos.get(i - 1);
      Pumped result = new Pumped();
      results[i] = result;
      Thread reader =
          new Thread(
              () -> {
                // FileInputStream, not Files.newInputStream: the latter's available() seeks,
                // which a pipe refuses ("Illegal seek") on JDK 17.
                try (InputStream in = new FileInputStream(fifo.toFile())) {
                  result.opened = true;
                  result.frames = pump(in, outputs.get(index));
                } catch (Exception e) {
                  result.failure = e;
                  stopUnlessEnded(child, e);
                }
              },
              "ffmpeg-output-" + i);
      reader.setDaemon(true);
      reader.start();
      readers.add(reader);
    }
    StderrTail stderr = StderrTail.drain(child.process);
    Pumped first = new Pumped();
    results[0] = first;
    try (InputStream out = child.process.getInputStream()) {
      first.frames = pump(out, outputs.get(0));
    } catch (IOException | MediaRejectedException | RuntimeException e) {
      first.failure = e;
      stopUnlessEnded(child, e);
    }
    int rc;
    try {
      rc = waitFor(child.process);
    } finally {
      for (int i = 1; i < outputs.size(); i++) {
        release(fifos.get(i - 1), results[i], readers.get(i - 1));
      }
    }
    return outcome(file, child, rc, stderr, results);
  }

  /**
   * Stops the child after a sink gave up, so the other outputs end too. A frame cut short means
   * FFmpeg itself stopped: it is left to exit with its own status and message.
   */
  private static void stopUnlessEnded(Child child, Exception failure) {
    if (!(failure instanceof RgbStreamLuma.TruncatedFrameException
        || failure instanceof FrameStream.Short)) {
      child.process().descendants().forEach(ProcessHandle::destroyForcibly);
      child.process().destroyForcibly();
    }
  }

  /** What one output's reader got: frames, or why it stopped. */
  private static final class Pumped {
    volatile boolean opened;
    volatile int frames;
    volatile Exception failure;
  }

  /** Reads one output's frames until the pipe ends; throws what the sink or a short frame threw. */
  private static int pump(InputStream raw, Output output)
      throws IOException, MediaRejectedException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 20);
    long frameBytes = 3L * output.width() * output.height();
    int frames = 0;
    while (true) {
      in.mark(1);
      if (in.read() < 0) {
        return frames;
      }
      in.reset();
      FrameStream frame = new FrameStream(in, frameBytes);
      try {
        output.sink().frame(frames, frame);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      frame.skipRest();
      frames++;
    }
  }

  /**
   * Lets a named pipe's reader finish once the child is gone: a reader whose child died before
   * opening the pipe waits in open() for a writer, so open it for writing (empty) ourselves.
   */
  private static void release(Path fifo, Pumped result, Thread reader) throws IOException {
    if (!result.opened) {
      // Opening lets the reader's open() return; closing gives it end of file.
      OutputStream nothing = Files.newOutputStream(fifo, StandardOpenOption.WRITE);
      nothing.close();
    }
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while FFmpeg's output was read", e);
    }
  }

  /** The decode's result: the first sink's rejection, the timeout, FFmpeg's error, or counts. */
  private int[] outcome(Path file, Child child, int rc, StderrTail stderr, Pumped[] results)
      throws IOException, MediaRejectedException {
    boolean shortFrame = false;
    IOException ioFailure = null;
    for (Pumped result : results) {
      Exception failure = result.failure;
      if (failure instanceof MediaRejectedException rejected) {
        throw rejected;
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof RgbStreamLuma.TruncatedFrameException
          || failure instanceof FrameStream.Short) {
        shortFrame = true;
      } else if (failure instanceof IOException io && ioFailure == null) {
        ioFailure = io;
      }
    }
    if (child.timedOut.get()) {
      throw new MediaRejectedException(
          Reason.TOO_LONG,
          "decoding the video took longer than the limit of " + timeoutSeconds + " s");
    }
    if (rc != 0) {
      throw new MediaRejectedException(
          Reason.CORRUPT, "corrupt or truncated video: " + stderr.summary(file));
    }
    if (ioFailure != null) {
      throw ioFailure;
    }
    if (shortFrame) {
      throw new MediaRejectedException(
          Reason.CORRUPT, "corrupt or truncated video: decoding stopped inside a frame");
    }
    int[] frames = new int[results.length];
    for (int i = 0; i < results.length; i++) {
      frames[i] = results[i].frames;
      if (frames[i] == 0) {
        throw new MediaRejectedException(Reason.CORRUPT, "the video has no decodable frame");
      }
    }
    return frames;
  }

  private static void mkfifo(Path fifo) throws IOException {
    Process process =
        new ProcessBuilder("mkfifo", "-m", "600", fifo.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (waitFor(process) != 0) {
      throw new IOException("cannot make a named pipe for FFmpeg: " + output.strip());
    }
  }

  private static VideoContainer sniff(Path file) throws IOException, MediaRejectedException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(VideoContainer.SNIFF_BYTES);
    }
    if (head.length == 0) {
      throw new MediaRejectedException(Reason.CORRUPT, "empty file");
    }
    return VideoContainer.sniff(head, head.length)
        .orElseThrow(
            () ->
                new MediaRejectedException(
                    Reason.UNSUPPORTED_FORMAT,
                    "not a video: no MP4/MOV, WebM/Matroska, AVI, FLV, MPEG or Ogg signature"));
  }

  private static String fileUrl(Path file) {
    return "file:" + file.toAbsolutePath();
  }

  /** A running child and whether the watchdog had to kill it. */
  private record Child(Process process, AtomicBoolean timedOut) {}

  private Child start(List<String> command) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run "
              + command.get(0)
              + " (install FFmpeg, e.g. apt-get install ffmpeg, or set VIGIL_FFMPEG and"
              + " VIGIL_FFPROBE): "
              + e.getMessage(),
          e);
    }
    process.getOutputStream().close();
    AtomicBoolean timedOut = new AtomicBoolean();
    // Only on timeout: destroying an exited process would close pipes still holding its output.
    process
        .onExit()
        .orTimeout(timeoutSeconds, TimeUnit.SECONDS)
        .exceptionally(
            timeout -> {
              timedOut.set(true);
              process.descendants().forEach(ProcessHandle::destroyForcibly);
              process.destroyForcibly();
              return null;
            });
    return new Child(process, timedOut);
  }

  private static int waitFor(Process process) throws IOException {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while FFmpeg was running", e);
    }
  }

  private static int parseInt(String text) throws MediaRejectedException {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException | NullPointerException e) {
      throw new MediaRejectedException(Reason.CORRUPT, "the video header has no frame size");
    }
  }

  /** "30000/1001" → 29.97...; "0/0" or anything unreadable → 0. */
  static double parseRate(String text) {
    if (text == null) {
      return 0;
    }
    int slash = text.indexOf('/');
    try {
      if (slash < 0) {
        return Double.parseDouble(text);
      }
      double num = Long.parseLong(text.substring(0, slash));
      double den = Long.parseLong(text.substring(slash + 1));
      return den == 0 ? 0 : num / den;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static double parseDouble(String text) {
    if (text == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN; // "N/A": no declared duration; the decoder-side check still applies
    }
  }

  /** One frame's bytes out of the shared pipe: never reads past the frame. */
  private static final class FrameStream extends InputStream {
    private final InputStream in;
    private long left;

    FrameStream(InputStream in, long bytes) {
      this.in = in;
      this.left = bytes;
    }

    @Override
    public int read() throws IOException {
      if (left == 0) {
        return -1;
      }
      int b = in.read();
      if (b < 0) {
        throw new Short();
      }
      left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new Short();
      }
      left -= n;
      return n;
    }

    void skipRest() throws IOException {
      byte[] scratch = new byte[(int) Math.min(left, 64 * 1024)];
      while (left > 0) {
        if (read(scratch, 0, (int) Math.min(scratch.length, left)) < 0) {
          throw new Short();
        }
      }
    }

    /** The pipe ended inside a frame. */
    static final class Short extends IOException {
      private static final long serialVersionUID = 1L;

      Short() {
        super("FFmpeg's output ended inside a frame");
      }
    }
  }

  /** Keeps the first few KB of a child's stderr, draining the rest so the child never blocks. */
  private static final class StderrTail {
    private final StringBuilder text = new StringBuilder();

    static StderrTail drain(Process process) {
      StderrTail tail = new StderrTail();
      Thread reader =
          new Thread(
              () -> {
                try (InputStream err = process.getErrorStream()) {
                  byte[] buffer = new byte[4096];
                  int n;
                  while ((n = err.read(buffer)) > 0) {
                    synchronized (tail) {
                      if (tail.text.length() < STDERR_KEEP) {
                        tail.text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                      }
                    }
                  }
                } catch (IOException e) {
                  // the child went away; what was read is all there is
                }
              },
              "ffmpeg-stderr");
      reader.setDaemon(true);
      reader.start();
      tail.reader = reader;
      return tail;
    }

    private Thread reader;

    /**
     * The last non-empty line FFmpeg printed, without the file's name (which may be a temporary
     * upload path) or the "[h264 @ 0x...]" context prefix.
     */
    String summary(Path file) {
      try {
        reader.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String all;
      synchronized (this) {
        all = text.toString();
      }
      List<String> lines = new ArrayList<>();
      for (String line : all.split("\n")) {
        String clean = clean(line, file);
        if (!clean.isEmpty() && !lines.contains(clean)) {
          lines.add(clean);
        }
      }
      // The first line says what went wrong first, the last how FFmpeg gave up.
      String last =
          lines.isEmpty()
              ? ""
              : lines.size() == 1
                  ? lines.get(0)
                  : lines.get(0) + "; " + lines.get(lines.size() - 1);
      return last.isEmpty() ? "FFmpeg failed without a message" : last;
    }

    private static String clean(String line, Path file) {
      String text = line.strip();
      text = text.replace(fileUrl(file) + ": ", "").replace(fileUrl(file), "the file");
      return text.replaceFirst("^\\[[^\\]]* @ 0x[0-9a-f]+\\] ", "");
    }
  }
}
