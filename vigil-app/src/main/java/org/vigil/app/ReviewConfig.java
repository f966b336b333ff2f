package org.vigil.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.vigil.core.review.ReviewSettings;

/**
 * Settings of notice and action and the console, part of {@link VigilConfig}.
 *
 * @param settings appeal window, claim time, territorial scope, ncii bank (see {@link
 *     ReviewSettings})
 * @param triageFile triage rules; null = {@code <dataDir>/review-triage.yaml} when present, else
 *     the bundled rules (VIGIL_REVIEW_TRIAGE_FILE)
 * @param tdbUrl the DSA Transparency Database's base URL; null = statements are not filed
 *     (VIGIL_DSA_TDB_URL)
 * @param tdbTokens its bearer tokens, one per tenant: each tenant's statements are filed under its
 *     own, a tenant without one is not filed (VIGIL_DSA_TDB_TOKEN for the default tenant,
 *     VIGIL_DSA_TDB_TOKENS_FILE for any; at least one with a URL)
 * @param dailyRevealCap media reveals per moderator per day before they are moved to queues without
 *     abuse media; 0 = no cap (VIGIL_CONSOLE_DAILY_REVEAL_CAP)
 * @param secureCookies mark console cookies Secure (VIGIL_CONSOLE_SECURE_COOKIES; set it when the
 *     console is served over HTTPS, as it must be beyond loopback)
 */
public record ReviewConfig(
    ReviewSettings settings,
    Path triageFile,
    URI tdbUrl,
    TransparencyDatabaseTokens tdbTokens,
    int dailyRevealCap,
    boolean secureCookies) {

  public ReviewConfig {
    if (settings == null) {
      throw new IllegalArgumentException("review settings are required");
    }
    if (tdbUrl != null) {
      String scheme = tdbUrl.getScheme();
      if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
          || tdbUrl.getHost() == null) {
        throw new IllegalArgumentException(
            "VIGIL_DSA_TDB_URL must be an absolute http(s) URL, got '" + tdbUrl + "'");
      }
      if (tdbTokens == null || tdbTokens.isEmpty()) {
        throw new IllegalArgumentException(
            "VIGIL_DSA_TDB_URL is set but no tenant has a token: set VIGIL_DSA_TDB_TOKEN (the"
                + " default tenant's) or VIGIL_DSA_TDB_TOKENS_FILE (tenant=token lines)");
      }
    }
    tdbTokens = tdbTokens == null ? TransparencyDatabaseTokens.NONE : tdbTokens;
    if (dailyRevealCap < 0) {
      throw new IllegalArgumentException("VIGIL_CONSOLE_DAILY_REVEAL_CAP must not be negative");
    }
  }

  public static ReviewConfig defaults() {
    return new ReviewConfig(ReviewSettings.defaults(), null, null, null, 0, false);
  }

  public static ReviewConfig fromEnvironment(Map<String, String> env) {
    String triage = blankToNull(env.get("VIGIL_REVIEW_TRIAGE_FILE"));
    String url = blankToNull(env.get("VIGIL_DSA_TDB_URL"));
    String cap = blankToNull(env.get("VIGIL_CONSOLE_DAILY_REVEAL_CAP"));
    String tokensFile = blankToNull(env.get(TransparencyDatabaseTokens.FILE_KEY));
    String defaultToken = blankToNull(env.get(TransparencyDatabaseTokens.TOKEN_KEY));
    if (tokensFile != null && url == null) {
      throw new IllegalArgumentException(
          TransparencyDatabaseTokens.FILE_KEY + " is set but VIGIL_DSA_TDB_URL is not");
    }
    URI tdb;
    try {
      tdb = url == null ? null : URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("VIGIL_DSA_TDB_URL is not a URL: '" + url + "'", e);
    }
    int revealCap;
    try {
      revealCap = cap == null ? 0 : Integer.parseInt(cap.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "VIGIL_CONSOLE_DAILY_REVEAL_CAP must be a whole number, got '" + cap + "'", e);
    }
    return new ReviewConfig(
        ReviewSettings.fromEnvironment(env),
        triage == null ? null : Path.of(triage.trim()),
        tdb,
        tdb == null
            ? TransparencyDatabaseTokens.NONE
            : TransparencyDatabaseTokens.load(
                defaultToken == null ? null : defaultToken.strip(),
                tokensFile == null ? null : Path.of(tokensFile.strip())),
        revealCap,
        "true".equalsIgnoreCase(env.getOrDefault("VIGIL_CONSOLE_SECURE_COOKIES", "false")));
  }

  /**
   * This configuration filing the default tenant's statements at {@code url} with {@code token}.
   */
  public ReviewConfig withTransparencyDatabase(URI url, String token) {
    return withTransparencyDatabase(url, TransparencyDatabaseTokens.ofDefault(token));
  }

  /** This configuration filing each tenant's statements at {@code url} with its own token. */
  public ReviewConfig withTransparencyDatabase(URI url, TransparencyDatabaseTokens tokens) {
    return new ReviewConfig(settings, triageFile, url, tokens, dailyRevealCap, secureCookies);
  }

  /** This configuration adding ncii removals' hashes to {@code bank} (null = none). */
  public ReviewConfig withNciiBank(String bank) {
    return new ReviewConfig(
        settings.withNciiBank(bank), triageFile, tdbUrl, tdbTokens, dailyRevealCap, secureCookies);
  }

  public ReviewConfig withDailyRevealCap(int cap) {
    return new ReviewConfig(settings, triageFile, tdbUrl, tdbTokens, cap, secureCookies);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
