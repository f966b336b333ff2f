package org.vigil.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A benign, photo-like synthetic picture (sky gradient, hills, soft shapes, sensor-like noise) so
 * JPEG benchmarks see realistic entropy: flat test patterns compress to almost nothing and decode
 * unrealistically fast.
 */
public final class SyntheticPhoto {

  private SyntheticPhoto() {}

  public static BufferedImage image(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(
        new GradientPaint(0, 0, new Color(70, 120, 200), 0, height, new Color(230, 220, 200)));
    g.fillRect(0, 0, width, height);
    for (int layer = 0; layer < 4; layer++) {
      Path2D hill = new Path2D.Double();
      double base = height * (0.45 + 0.12 * layer);
      hill.moveTo(0, height);
      for (int x = 0; x <= width; x += 8) {
        hill.lineTo(
            x, base + 40 * Math.sin(x * 0.006 * (layer + 1) + layer) + random.nextGaussian() * 3);
      }
      hill.lineTo(width, height);
      hill.closePath();
      g.setColor(new Color(40 + 30 * layer, 90 + 20 * layer, 40 + 10 * layer));
      g.fill(hill);
    }
    for (int i = 0; i < 60; i++) {
      g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 90));
      double size = 10 + random.nextDouble() * 120;
      g.fill(new Ellipse2D.Double(random.nextInt(width), random.nextInt(height), size, size * 0.7));
    }
    g.setStroke(new BasicStroke(3));
    for (int i = 0; i < 40; i++) {
      g.setColor(new Color(20, 40 + random.nextInt(60), 20));
      int x = random.nextInt(width);
      int y = height / 2 + random.nextInt(height / 2);
      g.drawLine(x, y, x + random.nextInt(21) - 10, y - 20 - random.nextInt(60));
    }
    g.dispose();
    // Sensor-like noise, so blocks carry detail as in real photographs.
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x, y);
        int n = (int) (random.nextGaussian() * 6);
        int r = clamp(((rgb >> 16) & 0xff) + n);
        int gr = clamp(((rgb >> 8) & 0xff) + n);
        int b = clamp((rgb & 0xff) + n);
        image.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
    return image;
  }

  /** The picture as a baseline JPEG of the given quality (0–1), 4:2:0 as cameras write it. */
  public static byte[] jpeg(int width, int height, float quality, long seed) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image(width, height, seed), null, null), param);
      stream.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
