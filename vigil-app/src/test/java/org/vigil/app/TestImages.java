package org.vigil.app;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Benign synthetic images, and hostile files built byte by byte. */
final class TestImages {

  private TestImages() {}

  /** A 200×150 picture of coloured shapes, with enough structure for a good PDQ quality. */
  static byte[] shapesPng(int seed) {
    BufferedImage image = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    java.util.Random random = new java.util.Random(seed);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 200, 150);
    for (int i = 0; i < 25; i++) {
      g.setColor(new Color(random.nextInt(0xffffff)));
      g.fillOval(
          random.nextInt(200),
          random.nextInt(150),
          10 + random.nextInt(60),
          10 + random.nextInt(60));
    }
    g.dispose();
    return encode(image, "png");
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A valid PNG signature and IHDR chunk declaring {@code width}×{@code height} pixels, followed by
   * a tiny IDAT: a decompression bomb's header without the bomb.
   */
  static byte[] pngDeclaring(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width)
        .putInt(height)
        .put((byte) 8)
        .put((byte) 2)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
