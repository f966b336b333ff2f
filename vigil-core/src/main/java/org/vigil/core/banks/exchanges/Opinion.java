package org.vigil.core.banks.exchanges;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A judgement on a signal: ours (a moderator confirmed or overturned a match) or an exchange's
 * (another member disputed or seconded it).
 *
 * @param category the category the opinion is about, or null
 * @param by who gave it: {@code key:...}, {@code console:...}, or the exchange's member id
 */
public record Opinion(Kind kind, String category, List<String> tags, String by, Instant at) {

  public Opinion {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** Whether the signal was right about the content it matched. */
  public enum Kind {
    TRUE_POSITIVE,
    FALSE_POSITIVE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind fromWire(String value) {
      for (Kind kind : values()) {
        if (kind.wireName().equals(value)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("expected true_positive or false_positive");
    }
  }
}
