package org.vigil.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.hash.MediaRejectedException.Reason;
import org.vigil.hash.image.MediaHasher;

class MediaHasherTest {

  private final MediaHasher hasher = new MediaHasher(50_000_000);

  private static final BufferedImage PICTURE =
      SampleImages.gradient(320, 240, BufferedImage.TYPE_INT_RGB);

  @Test
  void hash_png_digestsOfRawBytesAndPdqOfPixels() throws Exception {
    byte[] png = SampleImages.encode(PICTURE, "png");

    MediaHashes hashes = hasher.hash(png);

    assertThat(hashes.md5()).isEqualTo(hex(MessageDigest.getInstance("MD5").digest(png)));
    assertThat(hashes.sha256()).isEqualTo(hex(MessageDigest.getInstance("SHA-256").digest(png)));
    assertThat(hashes.width()).isEqualTo(320);
    assertThat(hashes.height()).isEqualTo(240);
    assertThat(hashes.pdq()).isNotNull();
    assertThat(hashes.quality()).isGreaterThanOrEqualTo(50);
  }

  @Test
  void hash_losslessFormatsOfSamePixels_identicalPdq() throws Exception {
    PdqHash fromPng = hasher.hash(SampleImages.encode(PICTURE, "png")).pdq();
    BufferedImage bgr = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
    bgr.getGraphics().drawImage(PICTURE, 0, 0, null);

    assertThat(hasher.hash(SampleImages.encode(bgr, "bmp")).pdq()).isEqualTo(fromPng);
    assertThat(hasher.hash(SampleImages.encode(bgr, "png")).pdq()).isEqualTo(fromPng);
  }

  @Test
  void hash_jpegAndGifOfSamePicture_closeToPng() throws Exception {
    PdqHash fromPng = hasher.hash(SampleImages.encode(PICTURE, "png")).pdq();

    PdqHash baseline = hasher.hash(SampleImages.jpeg(PICTURE, 0.9f, false)).pdq();
    PdqHash progressive = hasher.hash(SampleImages.jpeg(PICTURE, 0.9f, true)).pdq();
    // A grey picture fits a GIF palette exactly, so only the luma arithmetic differs.
    BufferedImage grey = new BufferedImage(320, 240, BufferedImage.TYPE_BYTE_GRAY);
    grey.getGraphics().drawImage(PICTURE, 0, 0, null);
    PdqHash greyPng = hasher.hash(SampleImages.encode(grey, "png")).pdq();
    PdqHash gif = hasher.hash(SampleImages.encode(grey, "gif")).pdq();

    assertThat(baseline.distance(fromPng)).isLessThanOrEqualTo(31);
    assertThat(progressive.distance(fromPng)).isLessThanOrEqualTo(31);
    assertThat(gif.distance(greyPng)).isLessThanOrEqualTo(8);
  }

  @Test
  void hash_pathAndStream_sameAsBytes(@TempDir Path dir) throws Exception {
    byte[] jpeg = SampleImages.jpeg(PICTURE, 0.9f, false);
    Path file = dir.resolve("picture.png"); // wrong extension on purpose: content decides
    Files.write(file, jpeg);

    MediaHashes fromBytes = hasher.hash(jpeg);

    assertThat(hasher.hash(file)).isEqualTo(fromBytes);
    assertThat(hasher.hash(new ByteArrayInputStream(jpeg), 10)).isEqualTo(fromBytes);
    assertThat(hasher.hash(new ByteArrayInputStream(jpeg), jpeg.length)).isEqualTo(fromBytes);
  }

  @Test
  void hash_emptyFile_rejectedAsCorrupt() {
    assertRejected(new byte[0], Reason.CORRUPT);
  }

  @Test
  void hash_randomBytes_rejectedAsUnsupported() {
    byte[] noise = new byte[10_000];
    new Random(7).nextBytes(noise);
    noise[0] = 0x13;
    assertRejected(noise, Reason.UNSUPPORTED_FORMAT);
  }

  @Test
  void hash_textFile_rejectedAsUnsupported() {
    assertRejected("just some text, not a picture".getBytes(), Reason.UNSUPPORTED_FORMAT);
  }

  @Test
  void hash_truncatedJpeg_rejectedAsCorrupt() {
    byte[] jpeg = SampleImages.jpeg(PICTURE, 0.9f, false);
    assertRejected(Arrays.copyOf(jpeg, jpeg.length / 2), Reason.CORRUPT);
    assertRejected(Arrays.copyOf(jpeg, 3), Reason.CORRUPT);
  }

  @Test
  void hash_truncatedPng_rejectedAsCorrupt() {
    byte[] png = SampleImages.encode(PICTURE, "png");
    assertRejected(Arrays.copyOf(png, png.length / 2), Reason.CORRUPT);
    assertRejected(Arrays.copyOf(png, 8), Reason.CORRUPT);
  }

  @Test
  void hash_truncatedGifAndBmp_rejectedAsCorrupt() {
    byte[] gif = SampleImages.encode(PICTURE, "gif");
    byte[] bmp = SampleImages.encode(PICTURE, "bmp");
    assertRejected(Arrays.copyOf(gif, gif.length / 2), Reason.CORRUPT);
    assertRejected(Arrays.copyOf(bmp, bmp.length / 2), Reason.CORRUPT);
  }

  @Test
  void hash_pngDeclaringHugeDimensions_rejectedBeforeDecoding() throws Exception {
    assertRejected(pngHeaderOnly(100_000, 100_000), Reason.TOO_MANY_PIXELS);
    assertRejected(pngHeaderOnly(Integer.MAX_VALUE, Integer.MAX_VALUE), Reason.TOO_MANY_PIXELS);
  }

  @Test
  void hash_jpegDeclaringHugeDimensions_rejectedBeforeDecoding() {
    byte[] jpeg = SampleImages.jpeg(PICTURE, 0.9f, false);
    int sof = indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
    // SOF0: marker, length (2), precision (1), height (2), width (2)
    // 60000 x 60000 (the JDK's decoder refuses anything over 65500 outright).
    jpeg[sof + 5] = (byte) 0xEA;
    jpeg[sof + 6] = (byte) 0x60;
    jpeg[sof + 7] = (byte) 0xEA;
    jpeg[sof + 8] = (byte) 0x60;
    assertRejected(jpeg, Reason.TOO_MANY_PIXELS);
  }

  @Test
  void hash_gifAndBmpDeclaringHugeDimensions_rejectedBeforeDecoding() {
    byte[] gif = SampleImages.encode(PICTURE, "gif");
    int descriptor = indexOf(gif, (byte) 0x2C, (byte) 0x00); // image separator, left = 0
    Arrays.fill(gif, descriptor + 5, descriptor + 9, (byte) 0xFF); // width, height = 65535
    assertRejected(gif, Reason.TOO_MANY_PIXELS);

    byte[] bmp = SampleImages.encode(PICTURE, "bmp");
    ByteBuffer header = ByteBuffer.wrap(bmp).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    header.putInt(18, 100_000).putInt(22, 100_000);
    // The JDK's BMP reader already refuses, while reading the header, a size its data cannot hold.
    assertRejected(bmp, Reason.CORRUPT);
  }

  @Test
  void hash_jpegWithThousandsOfScans_rejectedBeforeDecoding() {
    byte[] jpeg = SampleImages.jpeg(PICTURE, 0.9f, true);
    byte[] bomb = Arrays.copyOf(jpeg, jpeg.length + 2 * 1000);
    for (int i = 0; i < 1000; i++) {
      // Empty scan headers appended after the image: enough to count, never decoded.
      bomb[jpeg.length + 2 * i] = (byte) 0xFF;
      bomb[jpeg.length + 2 * i + 1] = (byte) 0xDA;
    }

    assertThatThrownBy(() -> hasher.hash(bomb))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessageContaining("scans");
  }

  @Test
  void hash_pixelLimit_appliesToDeclaredSize() {
    MediaHasher small = new MediaHasher(320 * 240 - 1);
    assertThatThrownBy(() -> small.hash(SampleImages.encode(PICTURE, "png")))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessageContaining("320x240")
        .extracting(e -> ((MediaRejectedException) e).reason())
        .isEqualTo(Reason.TOO_MANY_PIXELS);
  }

  @Test
  void constructor_nonPositiveLimit_refused() {
    assertThatThrownBy(() -> new MediaHasher(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private void assertRejected(byte[] bytes, Reason reason) {
    assertThatThrownBy(() -> hasher.hash(bytes))
        .isInstanceOf(MediaRejectedException.class)
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank())
        .extracting(e -> ((MediaRejectedException) e).reason())
        .isEqualTo(reason);
  }

  /** A PNG whose header declares the given size, with one tiny (valid) data chunk. */
  static byte[] pngHeaderOnly(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0);
    ihdr.put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[1000]);
    deflater.finish();
    byte[] compressed = new byte[2000];
    int n = deflater.deflate(compressed);
    chunk(out, "IDAT", Arrays.copyOf(compressed, n));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] typeBytes = type.getBytes();
    out.write(typeBytes);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static int indexOf(byte[] bytes, byte a, byte b) {
    for (int i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] == a && bytes[i + 1] == b) {
        return i;
      }
    }
    throw new AssertionError("marker not found");
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
