package org.vigil.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.hash.MediaHashes;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.decode.BufferedImageLuma;
import org.vigil.hash.decode.ImageDecoder;
import org.vigil.hash.image.MediaHasher;
import org.vigil.hash.pdq.PdqHasher;
import org.vigil.hash.pdq.PdqResult;

/**
 * PDQ on a 1024×768 photo-like JPEG (quality 90, generated in setup): (a) hash only, from the
 * already-decoded image (luminance conversion, blur, decimation, DCT, threshold); (b) decode and
 * hash from the file's bytes, including MD5 and SHA-256 (what {@code vigil hash} and the scan
 * endpoint do per file); and decode alone, to show what dominates.
 *
 * <p>Run: {@code java -jar vigil-bench/target/benchmarks.jar PdqHashBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PdqHashBenchmark {

  private byte[] jpeg;
  private BufferedImage decoded;
  private ImageDecoder decoder;
  private PdqHasher hasher;
  private MediaHasher mediaHasher;

  @Setup
  public void setUp() throws MediaRejectedException {
    jpeg = SyntheticPhoto.jpeg(1024, 768, 0.9f, 20_26L);
    decoder = new ImageDecoder(100_000_000L);
    decoded = readImage(jpeg);
    hasher = new PdqHasher();
    mediaHasher = new MediaHasher(100_000_000L);
  }

  private static BufferedImage readImage(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public PdqResult hashDecoded() {
    return hasher.hash(new BufferedImageLuma(decoded, false));
  }

  @Benchmark
  public ImageDecoder.Decoded decodeOnly() throws MediaRejectedException {
    return decoder.decode(jpeg);
  }

  @Benchmark
  public MediaHashes decodeAndHash() throws MediaRejectedException {
    return mediaHasher.hash(jpeg);
  }
}
