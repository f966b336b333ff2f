package org.vigil.core.review;

import java.security.SecureRandom;
import java.util.Base64;

/** Random, unguessable ids with a readable prefix: {@code rep_…}, {@code case_…}, {@code dec_…}. */
final class ReviewIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ReviewIds() {}

  static String next(String prefix) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
