package org.vigil.core.review;

import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of notice and action, validated at start.
 *
 * @param appealWindow how long after a decision the affected user may appeal (DSA Art. 20(1): at
 *     least six months) (VIGIL_APPEAL_WINDOW, P6M)
 * @param claimTtl how long a moderator's claim on a case lasts (VIGIL_CLAIM_TTL, PT15M)
 * @param territorialScope member states where restrictions apply, for statements
 *     (VIGIL_DSA_TERRITORIAL_SCOPE, comma-separated ISO codes; default the 30 EEA states)
 * @param nciiBank the prefix of the banks that receive the hashes of content removed as ncii, so
 *     re-uploads are blocked: tenant T's removals go to its own private bank {@code <nciiBank>-T};
 *     null = none (VIGIL_NCII_BANK)
 */
public record ReviewSettings(
    Period appealWindow, Duration claimTtl, List<String> territorialScope, String nciiBank) {

  /** The European Economic Area (Transparency Database territorial_scope values). */
  public static final List<String> EEA =
      List.of(
          "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
          "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK");

  private static final Set<String> EEA_SET = Set.copyOf(EEA);

  /** A bank name, as the bank API accepts it. */
  private static final java.util.regex.Pattern BANK_NAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public ReviewSettings {
    if (appealWindow == null || appealWindow.isNegative() || appealWindow.isZero()) {
      throw new IllegalArgumentException("VIGIL_APPEAL_WINDOW must be a positive period");
    }
    if (appealWindow.toTotalMonths() < 6 && appealWindow.getDays() < 183) {
      throw new IllegalArgumentException(
          "VIGIL_APPEAL_WINDOW must be at least six months (DSA Art. 20(1)), got " + appealWindow);
    }
    if (claimTtl == null || claimTtl.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException("VIGIL_CLAIM_TTL must be at least PT10S");
    }
    if (nciiBank != null
        && (!BANK_NAME.matcher(nciiBank).matches() || nciiBank.length() > NciiBanking.MAX_PREFIX)) {
      throw new IllegalArgumentException(
          "VIGIL_NCII_BANK must be a bank name of at most "
              + NciiBanking.MAX_PREFIX
              + " characters (lowercase letters, digits, - and _; each tenant's ncii bank is"
              + " named <VIGIL_NCII_BANK>-<tenant>), got '"
              + nciiBank
              + "'");
    }
    territorialScope = List.copyOf(territorialScope);
    if (territorialScope.isEmpty()) {
      throw new IllegalArgumentException(
          "VIGIL_DSA_TERRITORIAL_SCOPE must name at least one state");
    }
    for (String code : territorialScope) {
      if (!EEA_SET.contains(code)) {
        throw new IllegalArgumentException(
            "VIGIL_DSA_TERRITORIAL_SCOPE: '" + code + "' is not an EEA state code (Greece is GR)");
      }
    }
  }

  public static ReviewSettings defaults() {
    return new ReviewSettings(Period.ofMonths(6), Duration.ofMinutes(15), EEA, null);
  }

  /** These settings with {@code bank} as the ncii bank (null = none). */
  public ReviewSettings withNciiBank(String bank) {
    return new ReviewSettings(appealWindow, claimTtl, territorialScope, bank);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Defaults overridden by the VIGIL_* variables {@code env} holds. */
  public static ReviewSettings fromEnvironment(Map<String, String> env) {
    ReviewSettings d = defaults();
    try {
      return new ReviewSettings(
          env.containsKey("VIGIL_APPEAL_WINDOW")
              ? Period.parse(env.get("VIGIL_APPEAL_WINDOW"))
              : d.appealWindow(),
          env.containsKey("VIGIL_CLAIM_TTL")
              ? Duration.parse(env.get("VIGIL_CLAIM_TTL"))
              : d.claimTtl(),
          env.containsKey("VIGIL_DSA_TERRITORIAL_SCOPE")
              ? List.of(env.get("VIGIL_DSA_TERRITORIAL_SCOPE").trim().split("\\s*,\\s*"))
              : d.territorialScope(),
          blankToNull(env.get("VIGIL_NCII_BANK")));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "VIGIL_APPEAL_WINDOW / VIGIL_CLAIM_TTL must be ISO-8601 (P6M, PT15M): "
              + e.getParsedString());
    }
  }
}
