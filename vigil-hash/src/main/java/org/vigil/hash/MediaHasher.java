package org.vigil.hash;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Hashes one media file: MD5 and SHA-256 of the bytes, and PDQ of the decoded image. The declared
 * dimensions are read from the header and checked against the pixel limit before any pixel is
 * decoded, so a decompression bomb costs nothing.
 *
 * <p>PROVISIONAL: PDQ is filled in by the PDQ issue; until then {@code pdq} is null.
 */
public final class MediaHasher {

  private final long maxPixels;

  public MediaHasher(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive");
    }
    this.maxPixels = maxPixels;
  }

  public MediaHashes hash(byte[] bytes) throws MediaRejectedException {
    if (bytes.length == 0) {
      throw new MediaRejectedException(MediaRejectedException.Reason.CORRUPT, "empty file");
    }
    String md5 = hex(digest("MD5", bytes));
    String sha256 = hex(digest("SHA-256", bytes));
    BufferedImage image = decode(bytes);
    return new MediaHashes(null, 0, md5, sha256, image.getWidth(), image.getHeight());
  }

  private BufferedImage decode(byte[] bytes) throws MediaRejectedException {
    try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
      if (!readers.hasNext()) {
        throw new MediaRejectedException(
            MediaRejectedException.Reason.UNSUPPORTED_FORMAT, "not a supported image format");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(input, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > maxPixels) {
          throw new MediaRejectedException(
              MediaRejectedException.Reason.TOO_MANY_PIXELS,
              "image declares " + pixels + " pixels, limit is " + maxPixels);
        }
        BufferedImage image = reader.read(0);
        if (image == null) {
          throw new MediaRejectedException(
              MediaRejectedException.Reason.CORRUPT, "image has no pixels");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new MediaRejectedException(
          MediaRejectedException.Reason.CORRUPT, "corrupt or truncated image", e);
    }
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
