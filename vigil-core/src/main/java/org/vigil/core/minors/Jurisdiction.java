package org.vigil.core.minors;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.vigil.core.intake.ContentRating;

/**
 * Everything the rules say for one country (or the EU as a whole): its minimum-age rules, the needs
 * of each content rating, the source of its protective defaults and the adult age.
 *
 * @param code ISO 3166-1 alpha-2 code, ISO 3166-2 subdivision code such as {@code US-FL}, or {@code
 *     EU}
 * @param name English name
 * @param zone the zone whose calendar decides birthdays when the person's own zone is not known:
 *     the westernmost zone of the main territory, where a date begins last, so a birthday is never
 *     counted early
 * @param adultAge the age of majority for protections, 18 or more
 * @param rules minimum-age rules, including ones not yet in force (they never match)
 * @param contentRules indexed by {@link ContentRating#ordinal()}; every rating present
 * @param protections the source of the protective defaults
 */
public record Jurisdiction(
    String code,
    String name,
    ZoneId zone,
    int adultAge,
    List<MinimumAgeRule> rules,
    List<ContentRule> contentRules,
    ProtectionPolicy protections) {

  /** Below this no rule set may set the adult age: the UN CRC defines a child as under 18. */
  public static final int MINIMUM_ADULT_AGE = 18;

  public Jurisdiction {
    if (code == null || name == null || zone == null || protections == null) {
      throw new IllegalArgumentException("jurisdiction needs code, name, zone and protections");
    }
    if (adultAge < MINIMUM_ADULT_AGE || adultAge > 25) {
      throw new IllegalArgumentException(
          code + ": adultAge must be between " + MINIMUM_ADULT_AGE + " and 25");
    }
    rules = List.copyOf(rules);
    contentRules = List.copyOf(contentRules);
    if (contentRules.size() != ContentRating.values().length) {
      throw new IllegalArgumentException(code + ": every content rating needs a rule");
    }
    for (int i = 0; i < contentRules.size(); i++) {
      if (contentRules.get(i).rating().ordinal() != i) {
        throw new IllegalArgumentException(code + ": content rules out of order");
      }
    }
  }

  /** The newest rule for {@code rating}, whether or not it applies yet. */
  public ContentRule contentRule(ContentRating rating) {
    return contentRules.get(rating.ordinal());
  }

  /** The rule for {@code rating} that applies on {@code epochDay} (local to the jurisdiction). */
  public ContentRule contentRule(ContentRating rating, long epochDay) {
    return contentRules.get(rating.ordinal()).on(epochDay);
  }

  /** A convenience for tests and listings. */
  public MinimumAgeRule rule(String id) {
    for (MinimumAgeRule rule : rules) {
      if (rule.id().equals(id)) {
        return rule;
      }
    }
    throw new IllegalArgumentException(code + " has no rule " + id);
  }

  static Map<String, String> aliases() {
    return Map.of("UK", "GB");
  }
}
