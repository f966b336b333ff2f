package org.vigil.core.courtorders;

import java.net.IDN;
import java.util.Locale;
import org.vigil.core.error.VigilException;

/**
 * Brings each kind of identifier to one canonical spelling before it is pseudonymised, so that the
 * order written by a court clerk and the value a platform sends at sign-up produce the same HMAC.
 *
 * <p>The rules are conservative: they only undo differences that never change who is meant.
 *
 * <ul>
 *   <li>email: trimmed; domain converted to its ASCII (punycode) form; the whole address
 *       lower-cased. No provider-specific rules: dots and {@code +tags} in Gmail local parts are
 *       kept, because Vigil cannot know every provider's rules and a wrong merge would restrict
 *       someone else. Orders should list each address variant the court names.
 *   <li>phone: E.164, see {@link PhoneNumberNormaliser}.
 *   <li>national id: upper-cased; spaces, dashes and dots removed ({@code 12.345.678-z} equals
 *       {@code 12345678Z}).
 *   <li>device id: trimmed and lower-cased (advertising ids and UUIDs are case-insensitive hex).
 *   <li>payment fingerprint and subscriber line: trimmed only; these are opaque tokens whose case
 *       the issuer defines.
 * </ul>
 *
 * Every rule refuses empty values, values over 256 characters and control characters.
 */
public final class IdentifierNormaliser {

  static final int MAX_LENGTH = 256;

  private final String defaultCountry;

  /**
   * @param defaultCountry ISO 3166-1 alpha-2 country for phone numbers written in national form, or
   *     null to accept only international numbers
   */
  public IdentifierNormaliser(String defaultCountry) {
    if (defaultCountry != null && !PhoneNumberNormaliser.knowsCountry(defaultCountry)) {
      throw new IllegalArgumentException(
          "default phone country '" + defaultCountry + "' has no known numbering plan");
    }
    this.defaultCountry = defaultCountry;
  }

  /**
   * Normalises one identifier.
   *
   * @param field the JSON path reported when the value is refused
   * @throws VigilException when the value cannot be normalised
   */
  public String normalise(IdentifierType type, String raw, String field) {
    return normalise(type, raw, field, defaultCountry);
  }

  /** As {@link #normalise(IdentifierType, String, String)}, with a per-call default country. */
  public String normalise(IdentifierType type, String raw, String field, String phoneCountry) {
    if (raw == null) {
      throw CourtOrderErrors.invalid(field, "must not be null");
    }
    String value = raw.strip();
    if (value.isEmpty()) {
      throw CourtOrderErrors.invalid(field, "must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw CourtOrderErrors.invalid(field, "is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw CourtOrderErrors.invalid(field, "contains a control character");
      }
    }
    switch (type) {
      case EMAIL:
        return email(value, field);
      case PHONE:
        return PhoneNumberNormaliser.toE164(value, phoneCountry)
            .orElseThrow(
                () ->
                    CourtOrderErrors.invalid(
                        field,
                        "is not a phone number Vigil can bring to E.164"
                            + (phoneCountry == null
                                ? " (write it with its country code, e.g. +34...)"
                                : " (default country " + phoneCountry + ")")));
      case NATIONAL_ID:
        String id = value.replaceAll("[\\s.\\-]", "").toUpperCase(Locale.ROOT);
        if (id.isEmpty()) {
          throw CourtOrderErrors.invalid(field, "has no characters but separators");
        }
        return id;
      case DEVICE_ID:
        return value.toLowerCase(Locale.ROOT);
      case PAYMENT_FINGERPRINT:
      case SUBSCRIBER_LINE:
        return value;
      default:
        throw new IllegalStateException("unhandled identifier type " + type);
    }
  }

  private static String email(String value, String field) {
    int at = value.lastIndexOf('@');
    if (at <= 0 || at == value.length() - 1 || value.indexOf('@') != at) {
      throw CourtOrderErrors.invalid(field, "is not an email address (one '@' expected)");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i))) {
        throw CourtOrderErrors.invalid(field, "has a space; an email address has none");
      }
    }
    String domain = value.substring(at + 1);
    try {
      if (!isAscii(domain)) { // IDN conversion is costly; most domains are ASCII already
        domain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
      }
    } catch (IllegalArgumentException e) {
      throw CourtOrderErrors.invalid(field, "has a domain that is not a valid host name");
    }
    return (value.substring(0, at) + "@" + domain).toLowerCase(Locale.ROOT);
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }
}
