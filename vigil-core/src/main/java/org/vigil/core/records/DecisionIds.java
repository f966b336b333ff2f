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

  /** The smallest id any decision created at or after {@code at} can have. */
  public static String lowerBound(Instant at) {
    String id = next(at);
    return id.substring(0, 16) + "0".repeat(20);
  }
}
