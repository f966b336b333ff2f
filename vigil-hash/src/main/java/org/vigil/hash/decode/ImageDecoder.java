package org.vigil.hash.decode;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.MediaRejectedException.Reason;
import org.vigil.hash.pdq.LumaSource;

/**
 * Decodes JPEG (baseline, progressive, CMYK), PNG (any bit depth, with or without alpha), GIF
 * (first frame), BMP and WebP from bytes in memory, refusing hostile input with a {@link
 * MediaRejectedException} and never letting an exception or an {@link OutOfMemoryError} escape.
 *
 * <p>Choices, each documented in docs/pdq.md: the format comes from the signature bytes; the
 * declared width and height are read from the header and checked against the pixel limit before any
 * pixel is decoded; JPEG goes to the JDK's libjpeg-based reader first (its integer IDCT, upsampling
 * and YCbCr conversion produce the same samples as the libjpeg-turbo build the reference vectors
 * were made with), with TwelveMonkeys' reader as a fallback for files the JDK refuses; WebP goes to
 * TwelveMonkeys. A decoder warning about missing data (a truncated file, which libjpeg would
 * otherwise pad with grey) rejects the file. EXIF orientation is ignored, as by every reference
 * implementation: the hash is of the stored pixels.
 *
 * <p>Thread-safe (holds no state but the limit).
 */
public final class ImageDecoder {

  private final long maxPixels;

  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive");
    }
    this.maxPixels = maxPixels;
  }

  /**
   * A progressive JPEG re-reads every coefficient once per scan, so a small file with thousands of
   * scans can keep libjpeg busy for minutes. Real encoders write about 10; libjpeg-turbo's tools
   * suggest a limit in the hundreds.
   */
  static final int MAX_JPEG_SCANS = 500;

  /** A decoded image, as the luminance rows PDQ needs. */
  public record Decoded(ImageFormat format, int width, int height, LumaSource luma) {}

  /**
   * The JDK's JPEG reader, one per thread: creating one costs a registry lookup and native set-up
   * per file. Dropped after any failure, so a reader in an unknown state is never reused.
   */
  private static final ThreadLocal<ImageReader> JPEG_READERS = new ThreadLocal<>();

  public Decoded decode(byte[] bytes) throws MediaRejectedException {
    if (bytes.length == 0) {
      throw new MediaRejectedException(Reason.CORRUPT, "empty file");
    }
    ImageFormat format = ImageFormat.sniff(bytes);
    if (format == null) {
      throw new MediaRejectedException(
          Reason.UNSUPPORTED_FORMAT, "not a JPEG, PNG, GIF, BMP or WebP image");
    }
    if (format == ImageFormat.JPEG) {
      int scans = countJpegScans(bytes);
      if (scans > MAX_JPEG_SCANS) {
        throw new MediaRejectedException(
            Reason.CORRUPT,
            "JPEG has "
                + scans
                + " scans (limit "
                + MAX_JPEG_SCANS
                + "); refused as a decoding bomb");
      }
    }
    try {
      BufferedImage image = read(bytes, format, takeReader(format));
      return new Decoded(
          format,
          image.getWidth(),
          image.getHeight(),
          new BufferedImageLuma(image, isLowDepthGreyPng(bytes)));
    } catch (OutOfMemoryError e) {
      throw new MediaRejectedException(
          Reason.CORRUPT, "not enough memory to decode this " + format + " image", e);
    }
  }

  private void checkSize(ImageFormat format, int width, int height) throws MediaRejectedException {
    if (width <= 0 || height <= 0) {
      throw new MediaRejectedException(
          Reason.CORRUPT, format + " declares no pixels (" + width + "x" + height + ")");
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      throw new MediaRejectedException(
          Reason.TOO_MANY_PIXELS,
          format
              + " declares "
              + width
              + "x"
              + height
              + " = "
              + pixels
              + " pixels, limit is "
              + maxPixels);
    }
  }

  private BufferedImage read(byte[] bytes, ImageFormat format, ImageReader reader)
      throws MediaRejectedException {
    try {
      return readWith(bytes, format, reader);
    } catch (MediaRejectedException e) {
      ImageReader fallback = format == ImageFormat.JPEG ? otherReader(format, reader) : null;
      if (fallback == null || e.reason() != Reason.CORRUPT || e.getCause() == null) {
        throw e;
      }
      // The JDK's JPEG reader refuses some valid colour layouts; TwelveMonkeys reads more.
      try {
        return readWith(bytes, format, fallback);
      } catch (MediaRejectedException second) {
        throw e;
      }
    }
  }

  private BufferedImage readWith(byte[] bytes, ImageFormat format, ImageReader reader)
      throws MediaRejectedException {
    TruncationListener truncation = new TruncationListener();
    boolean reusable = false;
    try (ByteArrayImageInputStream input = new ByteArrayImageInputStream(bytes)) {
      reader.setInput(input, true, true);
      reader.addIIOReadWarningListener(truncation);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      checkSize(format, width, height);
      BufferedImage image = reader.read(0, reader.getDefaultReadParam());
      if (truncation.message != null) {
        throw new MediaRejectedException(
            Reason.CORRUPT, "truncated " + format + ": " + truncation.message);
      }
      if (image == null || image.getWidth() != width || image.getHeight() != height) {
        throw new MediaRejectedException(Reason.CORRUPT, format + " decoded to no image");
      }
      reusable = true;
      return image;
    } catch (IOException | RuntimeException e) {
      throw new MediaRejectedException(
          Reason.CORRUPT, "corrupt or truncated " + format + ": " + describe(e), e);
    } finally {
      release(format, reader, reusable);
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (e.getCause() != null && e.getCause().getMessage() != null) {
      message = (message == null ? "" : message + ": ") + e.getCause().getMessage();
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** The thread's cached JPEG reader if it has one, else a new preferred reader. */
  private static ImageReader takeReader(ImageFormat format) throws MediaRejectedException {
    if (format == ImageFormat.JPEG) {
      ImageReader cached = JPEG_READERS.get();
      if (cached != null) {
        JPEG_READERS.remove();
        return cached;
      }
    }
    return preferredReader(format);
  }

  /** Keeps a JDK JPEG reader that finished cleanly for the thread's next file; disposes others. */
  private static void release(ImageFormat format, ImageReader reader, boolean reusable) {
    reader.removeAllIIOReadWarningListeners();
    if (reusable
        && format == ImageFormat.JPEG
        && reader.getClass().getName().startsWith("com.sun.imageio.")) {
      reader.setInput(null);
      JPEG_READERS.set(reader);
    } else {
      reader.dispose();
    }
  }

  /** Readers for JPEG: the JDK's first, since it matches the reference's libjpeg output. */
  private static ImageReader preferredReader(ImageFormat format) throws MediaRejectedException {
    ImageReader any = null;
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (reader.getClass().getName().startsWith("com.sun.imageio.")) {
        return reader;
      }
      if (any == null) {
        any = reader;
      }
    }
    if (any == null) {
      throw new MediaRejectedException(
          Reason.UNSUPPORTED_FORMAT, "no decoder for " + format + " is installed");
    }
    return any;
  }

  private static ImageReader otherReader(ImageFormat format, ImageReader tried) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (!reader.getClass().equals(tried.getClass())) {
        return reader;
      }
    }
    return null;
  }

  /**
   * Start-of-scan markers (FF DA). Inside entropy-coded data every FF byte is followed by 00 or a
   * restart marker, so each FF DA in the file is a real marker.
   */
  static int countJpegScans(byte[] bytes) {
    int scans = 0;
    for (int i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] == (byte) 0xFF && bytes[i + 1] == (byte) 0xDA) {
        scans++;
      }
    }
    return scans;
  }

  /**
   * A PNG of colour type 0 (grey) with 1, 2 or 4 bits per pixel: ImageIO gives it a grey palette,
   * libpng expands it to grey samples; either way Y must be the grey value.
   */
  private static boolean isLowDepthGreyPng(byte[] bytes) {
    return bytes.length > 25
        && ImageFormat.sniff(bytes) == ImageFormat.PNG
        && bytes[25] == 0
        && (bytes[24] & 0xff) < 8;
  }

  /** Collects the decoder's report of data that ended early. */
  private static final class TruncationListener implements IIOReadWarningListener {
    String message;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      // libjpeg reports missing entropy data this way and pads the rest of the image with grey.
      if (message == null
          && warning != null
          && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
        message = warning;
      }
    }
  }
}
