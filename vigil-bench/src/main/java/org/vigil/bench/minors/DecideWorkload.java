package org.vigil.bench.minors;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic, realistic mix of decide requests as JSON bodies, shared by the JMH benchmark and the
 * HTTP load generator so both measure the same work: sign-ups and logins across the bundled
 * jurisdictions with every kind of age signal, messages, follows, tags, recommendations and content
 * views between adults and minors. Synthetic people only; nothing here is personal data.
 */
public final class DecideWorkload {

  private static final String[] COUNTRIES = {
    "AU", "US", "GB", "FR", "ES", "DE", "IT", "NL", "SE", "PL", "IE", "EU"
  };
  private static final String[] SERVICES = {
    "social_network", "messaging", "video_sharing", "gaming_chat", "forum", "live_streaming"
  };
  private static final String[] RATINGS = {"general", "teen", "mature", "sensitive", "adult"};
  private static final String AT = "2026-11-23T10:00:00Z";

  private DecideWorkload() {}

  /** {@code count} request bodies from {@code seed}. */
  public static List<String> requests(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be 1 or more");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<String> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      bodies.add(request(random));
    }
    return bodies;
  }

  private static String request(SplittableRandom random) {
    String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
    int kind = random.nextInt(10);
    String actor = party(random, true);
    return switch (kind) {
      case 0, 1, 2 ->
          "{\"action\":\"signup\",\"jurisdiction\":\""
              + country
              + "\",\"service\":{\"category\":\""
              + SERVICES[random.nextInt(SERVICES.length)]
              + "\"},\"actor\":"
              + actor
              + ",\"at\":\""
              + AT
              + "\"}";
      case 3 ->
          "{\"action\":\"login\",\"jurisdiction\":\""
              + country
              + "\",\"service\":{\"category\":\"social_network\"},\"actor\":"
              + actor
              + ",\"at\":\""
              + AT
              + "\"}";
      case 4, 5 -> pair("message", country, actor, random, null);
      case 6 -> pair(random.nextBoolean() ? "follow" : "tag", country, actor, random, null);
      case 7 -> pair("recommend", country, actor, random, RATINGS[random.nextInt(RATINGS.length)]);
      default ->
          "{\"action\":\"view_content\",\"jurisdiction\":\""
              + country
              + "\",\"actor\":"
              + actor
              + ",\"content\":{\"rating\":\""
              + RATINGS[random.nextInt(RATINGS.length)]
              + "\"},\"at\":\""
              + AT
              + "\"}";
    };
  }

  private static String pair(
      String action, String country, String actor, SplittableRandom random, String rating) {
    String target = party(random, false);
    String connected = random.nextInt(4) == 0 ? "true" : "false";
    target = target.substring(0, target.length() - 1) + ",\"connected\":" + connected + "}";
    return "{\"action\":\""
        + action
        + "\",\"jurisdiction\":\""
        + country
        + "\",\"actor\":"
        + actor
        + ",\"target\":"
        + target
        + (rating == null ? "" : ",\"content\":{\"rating\":\"" + rating + "\"}")
        + ",\"at\":\""
        + AT
        + "\"}";
  }

  /** A person between 8 and 60 with one to three signals of different kinds. */
  private static String party(SplittableRandom random, boolean withIdentifiers) {
    LocalDate birth = LocalDate.of(1966, 1, 1).plusDays(random.nextInt(52 * 365));
    int age = 2026 - birth.getYear();
    StringBuilder signals = new StringBuilder("[");
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        signals.append(',');
      }
      switch (random.nextInt(5)) {
        case 0 ->
            signals
                .append("{\"source\":\"self_declared\",\"birthDate\":\"")
                .append(birth)
                .append("\"}");
        case 1 ->
            signals
                .append("{\"source\":\"estimate\",\"method\":\"facial\",\"minAge\":")
                .append(Math.max(0, age - 1))
                .append(",\"maxAge\":")
                .append(age + 1)
                .append(",\"confidence\":0.9}");
        case 2 ->
            signals
                .append("{\"source\":\"verified\",\"method\":\"document\",\"birthDate\":\"")
                .append(birth)
                .append("\"}");
        case 3 ->
            signals
                .append("{\"source\":\"os_age_range\",\"method\":\"apple_declared_age_range\",")
                .append(age >= 18 ? "\"minAge\":18}" : "\"minAge\":13,\"maxAge\":17}");
        default ->
            signals
                .append("{\"source\":\"parent_attestation\",\"birthDate\":\"")
                .append(birth)
                .append("\"}");
      }
    }
    signals.append(']');
    return "{\"accountId\":\"u"
        + random.nextInt(1_000_000)
        + "\",\"ageSignals\":"
        + signals
        + (withIdentifiers ? ",\"identifiers\":{\"email\":\"user@example.org\"}" : "")
        + "}";
  }
}
