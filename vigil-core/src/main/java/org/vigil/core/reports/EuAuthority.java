package org.vigil.core.reports;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * An authority that receives EU exports of a case (docs/eu-export.md): the EU Centre or a national
 * authority, with what the law lets the provider send it.
 *
 * @param id stable name used in {@code ?authority=}, e.g. {@code eu-centre} or {@code de-bka}
 * @param name the authority's name, as it appears in the export
 * @param country ISO 3166-1 alpha-2 code of its Member State, or {@code EU} for a Union body
 * @param language ISO 639-1 code of the language the export's free text is meant for
 * @param formatVersion the export format version this authority accepts (only {@value
 *     #FORMAT_VERSION} exists)
 * @param include which optional fields it is lawful to send this authority
 */
public record EuAuthority(
    String id,
    String name,
    String country,
    String language,
    String formatVersion,
    Include include) {

  /** The one export format version built so far. */
  public static final String FORMAT_VERSION = "1.0";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

  /**
   * Optional personal data: left out unless the configuration says it may be sent. Article 13(1)(f)
   * and (g) of COM(2022) 209 ask for location and user identity, but whether a provider may hand
   * them to a given authority depends on the legal basis it reports under.
   *
   * @param userIdentifiers account ids and the other accounts involved
   * @param ipAddresses IP addresses the platform recorded with the content
   */
  public record Include(boolean userIdentifiers, boolean ipAddresses) {

    public static final Include NOTHING = new Include(false, false);

    /** From configuration: a category left out is not sent. */
    @JsonCreator
    public static Include of(
        @JsonProperty("userIdentifiers") Boolean userIdentifiers,
        @JsonProperty("ipAddresses") Boolean ipAddresses) {
      return new Include(Boolean.TRUE.equals(userIdentifiers), Boolean.TRUE.equals(ipAddresses));
    }
  }

  public EuAuthority {
    check(id != null && ID.matcher(id).matches(), "id", "must match [a-z0-9][a-z0-9_-]{0,63}");
    check(name != null && !name.isBlank(), "name", "must not be empty");
    check(
        country != null && COUNTRY.matcher(country).matches(),
        "country",
        "must be an ISO 3166-1 alpha-2 code (e.g. DE) or EU, got '" + country + "'");
    language = language == null ? "en" : language;
    check(
        LANGUAGE.matcher(language).matches(),
        "language",
        "must be an ISO 639-1 code (e.g. en), got '" + language + "'");
    formatVersion = formatVersion == null ? FORMAT_VERSION : formatVersion;
    check(
        FORMAT_VERSION.equals(formatVersion),
        "formatVersion",
        "must be " + FORMAT_VERSION + " (the only version built), got '" + formatVersion + "'");
    include = include == null ? Include.NOTHING : include;
  }

  private void check(boolean ok, String field, String message) {
    if (!ok) {
      throw new IllegalArgumentException(
          "authority " + (id == null ? "?" : "'" + id + "'") + ": " + field + " " + message);
    }
  }
}
