package org.vigil.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.vigil.hash.decode.BufferedImageLuma;
import org.vigil.hash.decode.ImageDecoder;
import org.vigil.hash.image.MediaHasher;
import org.vigil.hash.pdq.PdqHasher;

/**
 * The same three operations as {@link PdqHashBenchmark}, timed in thread CPU time instead of wall
 * time. On a machine shared with other builds, wall-clock JMH scores include the time this thread
 * waited for a core; CPU time does not (it still includes slowdown from a busy sibling hyperthread,
 * so it is an upper bound on the quiet-machine cost).
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar org.vigil.bench.PdqCpuTime [ops]}
 */
public final class PdqCpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PdqCpuTime() {}

  @FunctionalInterface
  private interface Operation {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    byte[] jpeg = SyntheticPhoto.jpeg(1024, 768, 0.9f, 20_26L);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
    PdqHasher hasher = new PdqHasher();
    ImageDecoder decoder = new ImageDecoder(100_000_000L);
    MediaHasher mediaHasher = new MediaHasher(100_000_000L);
    System.out.printf(
        Locale.ROOT, "1024x768 JPEG q90, %d bytes; thread CPU time per op%n", jpeg.length);
    for (int round = 1; round <= 3; round++) {
      String label = round < 3 ? "warm-up " : "measured";
      time(label + " hashDecoded  ", ops, () -> hasher.hash(new BufferedImageLuma(decoded, false)));
      time(label + " decodeOnly   ", ops, () -> decoder.decode(jpeg));
      time(label + " decodeAndHash", ops, () -> mediaHasher.hash(jpeg));
    }
  }

  private static void time(String name, int ops, Operation operation) throws Exception {
    long[] nanos = new long[ops];
    Object sink = null;
    for (int i = 0; i < ops; i++) {
      long start = THREADS.getCurrentThreadCpuTime();
      sink = operation.run();
      nanos[i] = THREADS.getCurrentThreadCpuTime() - start;
    }
    Arrays.sort(nanos);
    double median = nanos[ops / 2] / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%s  median %6.2f ms  p10 %6.2f ms  p90 %6.2f ms  (%.0f ops/s per core)%s%n",
        name,
        median,
        nanos[ops / 10] / 1e6,
        nanos[ops * 9 / 10] / 1e6,
        1000 / median,
        sink == null ? "?" : "");
  }
}
