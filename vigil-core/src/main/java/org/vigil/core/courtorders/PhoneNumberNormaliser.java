package org.vigil.core.courtorders;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;

/**
 * Brings a phone number written in a common human format to E.164 ({@code +} country code and
 * national significant number, at most 15 digits; ITU-T Recommendation E.164, section 6), using
 * Google's libphonenumber numbering-plan metadata for every country it knows (about 245 regions).
 *
 * <p>Accepted: international numbers ({@code +34 612 345 678}, {@code (+34) 612.345.678}, {@code
 * +44 (0)20 7946 0958}), the international call prefix of the default country ({@code 00} in most
 * of the world, {@code 011} in North America; {@code 00} is also read without a default country)
 * and national numbers completed with the default country's calling code after libphonenumber drops
 * that country's trunk prefix (0 in most of Europe, 06 in Hungary, 1 in North America, kept in
 * Italy where the leading 0 is part of the number).
 *
 * <p>A number must be <em>possible</em> for its country (the right length for the plan), not
 * necessarily <em>valid</em> (inside an allocated range): a court may name a line in a range newer
 * than the metadata, and refusing it would silently leave the order unenforced. Anything that
 * cannot be read unambiguously is refused rather than guessed: letters (libphonenumber would turn
 * vanity letters into digits), extensions, a national number without a default country, a length
 * the country's plan does not allow.
 */
public final class PhoneNumberNormaliser {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MAX_INPUT_LENGTH = 64;
  private static final int MIN_UNCHECKED_DIGITS = 8;
  private static final int E164_MAX_DIGITS = 15;
  private static final int E164_MIN_DIGITS = 7;
  private static final String UNKNOWN_REGION = "ZZ";

  private PhoneNumberNormaliser() {}

  /**
   * Whether {@code country} (ISO 3166-1 alpha-2, any case) has a numbering plan to complete with.
   */
  public static boolean knowsCountry(String country) {
    return country != null && UTIL.getSupportedRegions().contains(country.toUpperCase(Locale.ROOT));
  }

  /**
   * Normalises {@code raw} to E.164.
   *
   * @param defaultCountry ISO 3166-1 alpha-2 code used for national numbers, or null
   * @return the E.164 form, or empty when the input cannot be read unambiguously
   */
  public static Optional<String> toE164(String raw, String defaultCountry) {
    if (raw == null || raw.length() > MAX_INPUT_LENGTH || !onlyPunctuatedDigits(raw.strip())) {
      return Optional.empty();
    }
    String text = raw.strip();
    String region =
        knowsCountry(defaultCountry) ? defaultCountry.toUpperCase(Locale.ROOT) : UNKNOWN_REGION;
    if (region.equals(UNKNOWN_REGION)) {
      if (defaultCountry != null) {
        return Optional.empty(); // an unknown default country is a caller error, never guessed
      }
      if (text.startsWith("00")) {
        text = "+" + text.substring(2); // the ITU-recommended international prefix
      }
    }
    Optional<String> e164 = parseToE164(text, region);
    // Written back in E.164 the number must read as itself: zeros libphonenumber would fold
    // away (e.g. "+20 0000000000") would otherwise let two different inputs share a pseudonym.
    if (e164.isEmpty() || !e164.equals(parseToE164(e164.get(), UNKNOWN_REGION))) {
      return Optional.empty();
    }
    return e164;
  }

  private static Optional<String> parseToE164(String text, String region) {
    PhoneNumber number;
    try {
      number = UTIL.parse(text, region);
    } catch (NumberParseException e) {
      return Optional.empty(); // no country to complete it with, too short or too long
    }
    if (number.hasExtension()
        || number.getNationalNumber() == 0
        || UTIL.isPossibleNumberWithReason(number) != ValidationResult.IS_POSSIBLE) {
      return Optional.empty();
    }
    String e164 = UTIL.format(number, PhoneNumberFormat.E164);
    // Short plans (e.g. German or small island numbers) make many digit strings "possible"; below
    // eight digits, only a number in an allocated range is accepted, so a typo does not become a
    // different, real subscriber.
    int digits = e164.length() - 1;
    if (digits > E164_MAX_DIGITS || digits < E164_MIN_DIGITS) {
      // Some plans' metadata allows longer numbers than E.164 does; and no subscriber number in
      // service is shorter than a 3-digit country code with a 4-digit national number.
      return Optional.empty();
    }
    if (digits < MIN_UNCHECKED_DIGITS && !UTIL.isValidNumber(number)) {
      return Optional.empty();
    }
    return Optional.of(e164);
  }

  /** Digits with the separators people write, and at most one leading {@code +}. */
  private static boolean onlyPunctuatedDigits(String text) {
    boolean digit = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '+') {
        if (digit || text.indexOf('+') != i) {
          return false;
        }
      } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
        return false;
      }
    }
    return digit;
  }
}
