package org.vigil.core.minors;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A versioned, immutable set of jurisdiction rules. Loaded from data ({@link RuleSetLoader}); a
 * decision names the version it used, so it can be replayed and explained later.
 *
 * @param version the rule set's version, reported as the decision's policy version
 * @param estimateMarginYears years added to each side of an age estimate's range
 * @param jurisdictions by upper-case code
 */
public record RuleSet(
    String version, int estimateMarginYears, Map<String, Jurisdiction> jurisdictions) {

  public RuleSet {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version is required");
    }
    if (estimateMarginYears < 0 || estimateMarginYears > 10) {
      throw new IllegalArgumentException("estimateSafetyMarginYears must be between 0 and 10");
    }
    jurisdictions = Map.copyOf(jurisdictions);
  }

  /** The jurisdiction for {@code code} (case-insensitive; {@code UK} means GB), or null. */
  public Jurisdiction find(String code) {
    if (code == null) {
      return null;
    }
    Jurisdiction found = jurisdictions.get(code);
    if (found != null) {
      return found;
    }
    String upper = code.toUpperCase(Locale.ROOT);
    return jurisdictions.get(Jurisdiction.aliases().getOrDefault(upper, upper));
  }

  /** Every code, sorted. */
  public Set<String> codes() {
    return new TreeMap<>(jurisdictions).keySet();
  }
}
