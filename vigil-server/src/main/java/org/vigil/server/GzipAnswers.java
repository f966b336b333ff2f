package org.vigil.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Compression of an answer served on the fast path ({@link FastRoutes}), as Javalin's default
 * compression strategy treats the same answer on its routes: gzip, only when the client accepts it
 * and the body has at least {@link #MIN_SIZE} bytes; smaller answers go as they are. Why: HTTP
 * clients of most languages send {@code Accept-Encoding: gzip} on every request, and without this
 * every one of their scans and decide calls took the slower servlet path.
 */
final class GzipAnswers {

  /** Javalin's default minimum size for compressing an answer (its CompressionStrategy). */
  static final int MIN_SIZE = 1500;

  private GzipAnswers() {}

  /**
   * Whether an {@code Accept-Encoding} header value accepts gzip (RFC 9110 section 12.5.3): a
   * {@code gzip} or {@code x-gzip} coding without {@code q=0}; null (no header) accepts none.
   */
  static boolean accepted(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.split(";");
      String name = parts[0].strip();
      if (name.equalsIgnoreCase("gzip") || name.equalsIgnoreCase("x-gzip")) {
        return !refused(parts);
      }
    }
    return false;
  }

  /** Whether a coding's parameters hold a weight of zero ({@code q=0}, {@code q=0.000}). */
  private static boolean refused(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.length() > 2 && parameter.regionMatches(true, 0, "q=", 0, 2)) {
        try {
          return Double.parseDouble(parameter.substring(2).strip()) == 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  /** Whether {@code body} is large enough to be compressed. */
  static boolean worthIt(byte[] body) {
    return body.length >= MIN_SIZE;
  }

  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 32);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      // In memory: cannot happen.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
