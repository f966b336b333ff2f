package org.vigil.core.records;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Decision ids that sort by creation time: {@code dec_}, 12 hex digits of epoch milliseconds, 20
 * random hex digits (80 bits, so two decisions in the same millisecond do not collide).
 */
public final class DecisionIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private DecisionIds() {}

  public static String next(Instant at) {
    char[] id = new char[4 + 32];
    id[0] = 'd';
    id[1] = 'e';
    id[2] = 'c';
    id[3] = '_';
    long millis = at.toEpochMilli();
    for (int i = 11; i >= 0; i--) {
      id[4 + i] = HEX[(int) (millis & 0xF)];
      millis >>>= 4;
    }
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    for (int i = 0; i < 10; i++) {
      id[16 + 2 * i] = HEX[(random[i] >> 4) & 0xF];
      id[17 + 2 * i] = HEX[random[i] & 0xF];
    }
    return new String(id);
  }

  /**
   * The id of the decision on an asynchronous scan request: the time part is when the request was
   * accepted and the rest is the first 80 bits of SHA-256(tenant, request id), so a request
   * delivered twice maps to the same id and the store refuses the second decision.
   */
  public static String forRequest(Instant submittedAt, String tenant, String requestId) {
    String random = next(submittedAt);
    byte[] digest;
    try {
      digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  (tenant + "\n" + requestId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks SHA-256", e);
    }
    char[] id = random.toCharArray();
    for (int i = 0; i < 10; i++) {
      id[16 + 2 * i] = HEX[(digest[i] >> 4) & 0xF];
      id[17 + 2 * i] = HEX[digest[i] & 0xF];
    }
    return new String(id);
  }

  /** The smallest id any decision created at or after {@code at} can have. */
  public static String lowerBound(Instant at) {
    String id = next(at);
    return id.substring(0, 16) + "0".repeat(20);
  }
}
