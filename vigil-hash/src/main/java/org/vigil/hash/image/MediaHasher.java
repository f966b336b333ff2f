package org.vigil.hash.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.vigil.hash.MediaHashes;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.MediaRejectedException.Reason;
import org.vigil.hash.decode.ImageDecoder;
import org.vigil.hash.pdq.PdqHasher;
import org.vigil.hash.pdq.PdqResult;

/**
 * Hashes one media file: MD5 and SHA-256 of the bytes, and PDQ with its quality of the decoded
 * image. The declared dimensions are read from the header and checked against the pixel limit
 * before any pixel is decoded, so a decompression bomb costs nothing; any other hostile input
 * (empty, truncated, random bytes, an unknown format) ends in a {@link MediaRejectedException},
 * never another exception or an {@link OutOfMemoryError}.
 *
 * <p>Thread-safe: each thread hashes with its own {@link PdqHasher} and buffers.
 */
public final class MediaHasher {

  /** Images wider than this get a throw-away hasher, so a thread never keeps huge buffers. */
  private static final int CACHED_HASHER_MAX_WIDTH = 16_384;

  private static final int READ_CHUNK = 64 * 1024;

  private static final ThreadLocal<PdqHasher> HASHERS = ThreadLocal.withInitial(PdqHasher::new);

  private final long maxPixels;
  private final long maxBytes;
  private final ImageDecoder decoder;

  /**
   * @param maxPixels images declaring more pixels (width × height) are refused before decoding
   */
  public MediaHasher(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive");
    }
    this.maxPixels = maxPixels;
    // A compressed image is rarely larger than its 32-bit pixels; allow headroom for metadata.
    long bytesForPixels = maxPixels > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : maxPixels * 8;
    this.maxBytes = Math.min(Integer.MAX_VALUE - 16L, Math.max(64L << 20, bytesForPixels));
    this.decoder = new ImageDecoder(maxPixels);
  }

  public long maxPixels() {
    return maxPixels;
  }

  /** Hashes a file held in memory. */
  public MediaHashes hash(byte[] bytes) throws MediaRejectedException {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes are missing");
    }
    if (bytes.length == 0) {
      throw new MediaRejectedException(Reason.CORRUPT, "empty file");
    }
    MessageDigest md5 = digest("MD5");
    MessageDigest sha256 = digest("SHA-256");
    md5.update(bytes);
    sha256.update(bytes);
    return hashImage(bytes, hex(md5.digest()), hex(sha256.digest()));
  }

  /**
   * Hashes a file, reading it once: the digests are updated chunk by chunk as the bytes arrive, and
   * the same bytes are then decoded.
   *
   * @throws IOException when the file cannot be read (missing, unreadable, a directory)
   */
  public MediaHashes hash(Path file) throws IOException, MediaRejectedException {
    long size = Files.size(file);
    if (size > maxBytes) {
      throw new MediaRejectedException(
          Reason.TOO_MANY_PIXELS, "file of " + size + " bytes exceeds the limit of " + maxBytes);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return hash(in, (int) size);
    }
  }

  /**
   * Hashes everything a stream yields, digesting while reading.
   *
   * @param expectedSize a hint for the first buffer (the stream may be longer or shorter)
   */
  public MediaHashes hash(InputStream in, int expectedSize)
      throws IOException, MediaRejectedException {
    MessageDigest md5 = digest("MD5");
    MessageDigest sha256 = digest("SHA-256");
    byte[] buffer = new byte[Math.max(expectedSize, 16)];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        int next = in.read();
        if (next < 0) {
          break;
        }
        if (length >= maxBytes) {
          throw new MediaRejectedException(
              Reason.TOO_MANY_PIXELS, "file exceeds the limit of " + maxBytes + " bytes");
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, 2L * length));
        buffer[length] = (byte) next;
        md5.update((byte) next);
        sha256.update((byte) next);
        length++;
      }
      int n = in.read(buffer, length, Math.min(READ_CHUNK, buffer.length - length));
      if (n < 0) {
        break;
      }
      md5.update(buffer, length, n);
      sha256.update(buffer, length, n);
      length += n;
    }
    if (length == 0) {
      throw new MediaRejectedException(Reason.CORRUPT, "empty file");
    }
    byte[] bytes = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    return hashImage(bytes, hex(md5.digest()), hex(sha256.digest()));
  }

  private MediaHashes hashImage(byte[] bytes, String md5, String sha256)
      throws MediaRejectedException {
    ImageDecoder.Decoded decoded = decoder.decode(bytes);
    int width = decoded.width();
    int height = decoded.height();
    try {
      PdqHasher hasher = width <= CACHED_HASHER_MAX_WIDTH ? HASHERS.get() : new PdqHasher();
      PdqResult pdq = hasher.hash(decoded.luma());
      return new MediaHashes(pdq.hash(), pdq.quality(), md5, sha256, width, height);
    } catch (OutOfMemoryError e) {
      throw new MediaRejectedException(
          Reason.CORRUPT, "not enough memory to hash a " + width + "x" + height + " image", e);
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
