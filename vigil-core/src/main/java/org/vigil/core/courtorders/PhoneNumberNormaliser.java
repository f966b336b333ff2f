package org.vigil.core.courtorders;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a phone number written in a common human format to E.164 ({@code +} country code and
 * national significant number, at most 15 digits; ITU-T Recommendation E.164, section 6).
 *
 * <p>Accepted forms, after removing spaces, dashes, dots, slashes and parentheses:
 *
 * <ul>
 *   <li>{@code +34 612 345 678}: already international; a {@code (0)} right after the country code,
 *       as in {@code +44 (0)20 7946 0958}, is dropped because it is the national trunk prefix;
 *   <li>{@code 0034 612 345 678}: the international call prefix {@code 00} used across Europe (and
 *       {@code 011} when the default country is in the North American plan);
 *   <li>{@code 612 345 678} or {@code 020 7946 0958}: a national number, completed with the default
 *       country's calling code after dropping that country's trunk prefix (0 in most of Europe, 06
 *       in Hungary, 1 in North America; none in Spain, Portugal, Italy and the other closed plans).
 * </ul>
 *
 * <p>This is deliberately not a full numbering-plan validator (no per-country lengths, no number
 * ranges): it only makes the same line written two ways hash to the same pseudonym. Anything it
 * cannot read unambiguously (letters, extensions, a national number without a known default
 * country, fewer than 8 or more than 15 digits) is refused rather than guessed.
 */
public final class PhoneNumberNormaliser {

  /** One country's calling code and the trunk prefix dialled before national numbers. */
  private record Plan(String callingCode, String trunkPrefix) {}

  // Calling codes: ITU-T E.164 assigned country codes list. Trunk prefixes: ITU-T operational
  // bulletin "national numbering plans" entries. Only countries whose plan we are sure of; others
  // must send numbers in international form.
  private static final Map<String, Plan> PLANS =
      Map.ofEntries(
          Map.entry("ES", new Plan("34", "")),
          Map.entry("PT", new Plan("351", "")),
          Map.entry("IT", new Plan("39", "")),
          Map.entry("GR", new Plan("30", "")),
          Map.entry("DK", new Plan("45", "")),
          Map.entry("NO", new Plan("47", "")),
          Map.entry("LU", new Plan("352", "")),
          Map.entry("MT", new Plan("356", "")),
          Map.entry("CY", new Plan("357", "")),
          Map.entry("IS", new Plan("354", "")),
          Map.entry("PL", new Plan("48", "")),
          Map.entry("CZ", new Plan("420", "")),
          Map.entry("EE", new Plan("372", "")),
          Map.entry("LV", new Plan("371", "")),
          Map.entry("MX", new Plan("52", "")),
          Map.entry("DE", new Plan("49", "0")),
          Map.entry("FR", new Plan("33", "0")),
          Map.entry("GB", new Plan("44", "0")),
          Map.entry("NL", new Plan("31", "0")),
          Map.entry("BE", new Plan("32", "0")),
          Map.entry("AT", new Plan("43", "0")),
          Map.entry("CH", new Plan("41", "0")),
          Map.entry("IE", new Plan("353", "0")),
          Map.entry("SE", new Plan("46", "0")),
          Map.entry("FI", new Plan("358", "0")),
          Map.entry("SK", new Plan("421", "0")),
          Map.entry("SI", new Plan("386", "0")),
          Map.entry("HR", new Plan("385", "0")),
          Map.entry("RO", new Plan("40", "0")),
          Map.entry("BG", new Plan("359", "0")),
          Map.entry("HU", new Plan("36", "06")),
          Map.entry("AU", new Plan("61", "0")),
          Map.entry("NZ", new Plan("64", "0")),
          Map.entry("JP", new Plan("81", "0")),
          Map.entry("KR", new Plan("82", "0")),
          Map.entry("IN", new Plan("91", "0")),
          Map.entry("ZA", new Plan("27", "0")),
          Map.entry("TR", new Plan("90", "0")),
          Map.entry("MA", new Plan("212", "0")),
          Map.entry("US", new Plan("1", "1")),
          Map.entry("CA", new Plan("1", "1")));

  private static final int MIN_DIGITS = 8;
  private static final int MAX_DIGITS = 15;
  private static final int MAX_INPUT_LENGTH = 64;

  private PhoneNumberNormaliser() {}

  /** Whether {@code country} (ISO 3166-1 alpha-2) can serve as a default country. */
  public static boolean knowsCountry(String country) {
    return country != null && PLANS.containsKey(country.toUpperCase(Locale.ROOT));
  }

  /**
   * Normalises {@code raw} to E.164.
   *
   * @param defaultCountry ISO 3166-1 alpha-2 code used for national numbers, or null
   * @return the E.164 form, or empty when the input cannot be read unambiguously
   */
  public static Optional<String> toE164(String raw, String defaultCountry) {
    if (raw == null || raw.length() > MAX_INPUT_LENGTH) {
      return Optional.empty();
    }
    String compact = raw.strip().replace("(0)", "");
    StringBuilder digits = new StringBuilder(compact.length());
    boolean plus = false;
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c == '+' && !plus && digits.length() == 0) {
        plus = true;
      } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
        return Optional.empty(); // letters, extensions, a '+' in the middle: never guess
      }
    }
    Plan plan = defaultCountry == null ? null : PLANS.get(defaultCountry.toUpperCase(Locale.ROOT));
    String international;
    if (plus) {
      international = digits.toString();
    } else if (digits.length() > 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
      international = digits.substring(2);
    } else if (plan != null
        && plan.callingCode().equals("1")
        && digits.length() > 3
        && digits.substring(0, 3).equals("011")) {
      international = digits.substring(3);
    } else if (plan != null) {
      String national = digits.toString();
      if (!plan.trunkPrefix().isEmpty() && national.startsWith(plan.trunkPrefix())) {
        national = national.substring(plan.trunkPrefix().length());
      }
      international = plan.callingCode() + national;
    } else {
      return Optional.empty(); // a national number with no country to complete it
    }
    if (international.length() < MIN_DIGITS
        || international.length() > MAX_DIGITS
        || international.charAt(0) == '0') {
      return Optional.empty();
    }
    return Optional.of("+" + international);
  }
}
