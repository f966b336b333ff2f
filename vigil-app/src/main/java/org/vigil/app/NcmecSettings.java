package org.vigil.app;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * How Vigil reaches NCMEC's CyberTipline (docs/ncmec.md). Without credentials nothing is sent:
 * filings wait, visible on their cases. The default is NCMEC's test environment; sending to
 * production needs {@code VIGIL_NCMEC_PRODUCTION=true} as well, so a copied configuration can never
 * file real reports by accident.
 *
 * @param url the API base (VIGIL_NCMEC_URL; default the test environment, or production when
 *     production is true)
 * @param user NCMEC-issued user (VIGIL_NCMEC_USER)
 * @param password NCMEC-issued password (VIGIL_NCMEC_PASSWORD)
 * @param reporterEmail the reporting person's email, required by NCMEC (VIGIL_NCMEC_REPORTER_EMAIL)
 * @param production allow NCMEC's production service (VIGIL_NCMEC_PRODUCTION, false)
 * @param fourEyes a report leaves only after a second specialist confirms it
 *     (VIGIL_REPORT_FOUR_EYES, true)
 * @param companyTemplate the reporter's company template, NCMEC's name for the provider's standard
 *     text attached to every report (VIGIL_NCMEC_COMPANY_TEMPLATE; none by default)
 * @param legalUrl where NCMEC and law enforcement send legal process to the provider
 *     (VIGIL_NCMEC_LEGAL_URL; none by default)
 * @param sendEvery how often the {@code ncmec-filing} job looks for confirmed reports to send
 *     (VIGIL_NCMEC_SEND_EVERY, an ISO-8601 duration, PT30S)
 */
public record NcmecSettings(
    URI url,
    String user,
    String password,
    String reporterEmail,
    boolean production,
    boolean fourEyes,
    String companyTemplate,
    URI legalUrl,
    Duration sendEvery) {

  /** How often confirmed reports are looked for by default. */
  public static final Duration DEFAULT_SEND_EVERY = Duration.ofSeconds(30);

  static final URI TEST = URI.create("https://exttest.cybertip.org/ispws");
  static final URI PRODUCTION = URI.create("https://report.cybertip.org/ispws");

  /** Settings with no company template or legal URL, sending every 30 s. */
  public NcmecSettings(
      URI url,
      String user,
      String password,
      String reporterEmail,
      boolean production,
      boolean fourEyes) {
    this(url, user, password, reporterEmail, production, fourEyes, null, null, null);
  }

  public NcmecSettings {
    sendEvery = sendEvery == null ? DEFAULT_SEND_EVERY : sendEvery;
    if (sendEvery.toMillis() < 100) {
      throw new IllegalArgumentException(
          "VIGIL_NCMEC_SEND_EVERY must be at least 0.1 seconds (PT0.1S), got " + sendEvery);
    }
    if (legalUrl != null
        && (legalUrl.getHost() == null
            || !("https".equals(legalUrl.getScheme()) || "http".equals(legalUrl.getScheme())))) {
      throw new IllegalArgumentException(
          "VIGIL_NCMEC_LEGAL_URL must be an absolute http(s) URL, got '" + legalUrl + "'");
    }
    if (url == null) {
      url = production ? PRODUCTION : TEST;
    }
    if ("report.cybertip.org".equalsIgnoreCase(url.getHost()) && !production) {
      throw new IllegalArgumentException(
          "VIGIL_NCMEC_URL points at NCMEC's production service; set VIGIL_NCMEC_PRODUCTION=true"
              + " to send real reports");
    }
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException(
          "VIGIL_NCMEC_USER and VIGIL_NCMEC_PASSWORD must be set together");
    }
    if (user != null && (reporterEmail == null || !reporterEmail.contains("@"))) {
      throw new IllegalArgumentException(
          "VIGIL_NCMEC_REPORTER_EMAIL must be an email address: NCMEC requires the reporting"
              + " person's email");
    }
  }

  /** Whether reports are sent at all. */
  public boolean enabled() {
    return user != null;
  }

  static NcmecSettings fromEnvironment(Map<String, String> env) {
    String url = blankToNull(env.get("VIGIL_NCMEC_URL"));
    try {
      return new NcmecSettings(
          url == null ? null : URI.create(url.trim()),
          blankToNull(env.get("VIGIL_NCMEC_USER")),
          blankToNull(env.get("VIGIL_NCMEC_PASSWORD")),
          blankToNull(env.get("VIGIL_NCMEC_REPORTER_EMAIL")),
          "true".equalsIgnoreCase(env.getOrDefault("VIGIL_NCMEC_PRODUCTION", "false").trim()),
          !"false".equalsIgnoreCase(env.getOrDefault("VIGIL_REPORT_FOUR_EYES", "true").trim()),
          blankToNull(env.get("VIGIL_NCMEC_COMPANY_TEMPLATE")),
          legalUrl(blankToNull(env.get("VIGIL_NCMEC_LEGAL_URL"))),
          sendEvery(blankToNull(env.get("VIGIL_NCMEC_SEND_EVERY"))));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("VIGIL_")) {
        throw e;
      }
      throw new IllegalArgumentException("VIGIL_NCMEC_URL is not a URL: '" + url + "'", e);
    }
  }

  private static URI legalUrl(String value) {
    if (value == null) {
      return null;
    }
    try {
      return new URI(value.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "VIGIL_NCMEC_LEGAL_URL must be an absolute http(s) URL, got '" + value.trim() + "'", e);
    }
  }

  private static Duration sendEvery(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "VIGIL_NCMEC_SEND_EVERY must be an ISO-8601 duration such as PT30S, got '"
              + value.trim()
              + "'",
          e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public String toString() {
    // Never print the password.
    return "NcmecSettings[url=" + url + ", user=" + user + ", production=" + production + "]";
  }
}
