package org.vigil.core.minors;

import java.time.LocalDate;
import java.util.List;
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
 * @param origins the jurisdiction that declares each rule (by rule id), for listings: inherited
 *     rules appear in many jurisdictions but are declared in one
 * @param changelog the curators' record of each release, newest first as written in the file (empty
 *     for a file that keeps none); {@code vigil rules diff} shows the same changes rule by rule
 */
public record RuleSet(
    String version,
    int estimateMarginYears,
    Map<String, Jurisdiction> jurisdictions,
    Map<String, String> origins,
    List<ChangelogEntry> changelog) {

  /** A rule set whose rules are listed under the first jurisdiction (by code) that has them. */
  public RuleSet(String version, int estimateMarginYears, Map<String, Jurisdiction> jurisdictions) {
    this(version, estimateMarginYears, jurisdictions, firstHolders(jurisdictions), List.of());
  }

  /**
   * One release of the rules: its version, the day it was published and what changed, in words (a
   * law added, a date corrected, a court order recorded), so a reader sees why decisions changed.
   */
  public record ChangelogEntry(String version, LocalDate date, List<String> changes) {
    public ChangelogEntry {
      if (version == null || version.isBlank()) {
        throw new IllegalArgumentException("changelog: an entry without a version");
      }
      if (date == null) {
        throw new IllegalArgumentException("changelog " + version + ": 'date' is required");
      }
      if (changes == null
          || changes.isEmpty()
          || changes.stream().anyMatch(c -> c == null || c.isBlank())) {
        throw new IllegalArgumentException(
            "changelog " + version + ": 'changes' lists what changed");
      }
      changes = List.copyOf(changes);
    }
  }

  public RuleSet {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version is required");
    }
    if (estimateMarginYears < 0 || estimateMarginYears > 10) {
      throw new IllegalArgumentException("estimateSafetyMarginYears must be between 0 and 10");
    }
    jurisdictions = Map.copyOf(jurisdictions);
    origins = Map.copyOf(origins);
    changelog = changelog == null ? List.of() : List.copyOf(changelog);
  }

  private static Map<String, String> firstHolders(Map<String, Jurisdiction> jurisdictions) {
    Map<String, String> origins = new TreeMap<>();
    for (Jurisdiction jurisdiction : new TreeMap<>(jurisdictions).values()) {
      for (MinimumAgeRule rule : jurisdiction.rules()) {
        origins.putIfAbsent(rule.id(), jurisdiction.code());
      }
      for (ContentRule rule : jurisdiction.contentRules()) {
        for (ContentRule r = rule; r != null; r = r.fallback()) {
          origins.putIfAbsent(r.id(), jurisdiction.code());
        }
      }
      origins.putIfAbsent(jurisdiction.protections().id(), jurisdiction.code());
    }
    return origins;
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
