package org.vigil.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * Every setting of a Vigil server, in one typed, validated place. Each key can come from a command
 * option or an environment variable (options win); the table in the README lists them.
 *
 * @param host interface to listen on (VIGIL_HOST, default 127.0.0.1)
 * @param port TCP port, 0 = any free port (VIGIL_PORT, default 8080)
 * @param dataDir directory for the embedded database and generated keys (VIGIL_DATA_DIR, ./data)
 * @param dbUrl JDBC URL of an external PostgreSQL; null = the embedded PostgreSQL under dataDir/pg
 *     (VIGIL_DB_URL)
 * @param dbUser database user, when not in the URL (VIGIL_DB_USER)
 * @param dbPassword database password, when not in the URL (VIGIL_DB_PASSWORD)
 * @param maxUploadBytes largest scan request body (VIGIL_MAX_UPLOAD_BYTES, 20 MB)
 * @param maxImportBytes largest bulk import body (VIGIL_MAX_IMPORT_BYTES, 2 GB)
 * @param maxImagePixels largest declared image size, checked before decoding
 *     (VIGIL_MAX_IMAGE_PIXELS, 50 megapixels)
 * @param minPdqQuality PDQ hashes Vigil computes below this quality are not matched perceptually
 *     (VIGIL_MIN_PDQ_QUALITY, 50)
 * @param demo load the synthetic demo bank on first start (VIGIL_DEMO, true)
 * @param bankSyncMillis how often a server applies bank changes other servers made to the shared
 *     database (VIGIL_BANK_SYNC_MILLIS, 1000)
 * @param courtOrderKeyFile file holding the court-order HMAC key (64 hex characters); null = {@code
 *     <dataDir>/court-orders.key}, generated on first start with owner-only permissions. A file
 *     named explicitly must exist. (VIGIL_COURT_ORDER_KEY_FILE)
 * @param phoneCountry ISO country used to complete phone numbers written without a country code in
 *     court orders and decide calls; null = international numbers only (VIGIL_PHONE_COUNTRY)
 * @param webhookUrl http(s) URL the review actions are POSTed to, signed; null = no webhook
 *     delivery (platforms poll GET /v1/accounts/actions) (VIGIL_WEBHOOK_URL)
 * @param webhookSecretFile file holding the webhook signing secret; null = {@code
 *     <dataDir>/webhook.secret}, generated with owner-only permissions on the first start with a
 *     webhook URL. A file named explicitly must exist. (VIGIL_WEBHOOK_SECRET_FILE)
 * @param vaultKeyFile file holding the evidence vault's master key (64 hex characters); null =
 *     {@code <dataDir>/vault.key}, generated owner-only on first start. A file named explicitly
 *     must exist. Never in the database. (VIGIL_VAULT_KEY_FILE)
 * @param evidenceRetention how long preserved evidence is kept: an ISO-8601 period, optionally
 *     followed by per-jurisdiction periods, e.g. {@code P1Y,GB=P6M} (VIGIL_EVIDENCE_RETENTION, P1Y)
 * @param ncmec reports to NCMEC's CyberTipline (VIGIL_NCMEC_*; see {@link NcmecSettings})
 * @param webhookMaxAttempts attempts per webhook delivery before it goes to the dead letters, where
 *     it can be seen and replayed; later deliveries never wait for it (VIGIL_WEBHOOK_MAX_ATTEMPTS,
 *     12: about four hours of retries)
 * @param review notice and action, statements of reasons and the console ({@link ReviewConfig})
 * @param security subscriber-address limits, audit signing and checkpoints, decide rate limit (see
 *     {@link SecuritySettings})
 * @param retention how long records are kept before the retention job deletes them (see {@link
 *     RetentionSettings})
 * @param video video uploads: limits, sampling, decoding (VIGIL_VIDEO_*, VIGIL_FFMPEG; see {@link
 *     VideoSettings})
 * @param euAuthorities who EU exports of a case may go to, and the provider's identification, read
 *     and validated at start from the YAML or JSON file named by VIGIL_EU_AUTHORITIES; none = no EU
 *     export can be made (docs/eu-export.md)
 * @param vault where the evidence vault keeps its ciphertexts and how often it is swept (see {@link
 *     VaultSettings})
 */
public record VigilConfig(
    String host,
    int port,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    long maxUploadBytes,
    long maxImportBytes,
    long maxImagePixels,
    int minPdqQuality,
    boolean demo,
    long bankSyncMillis,
    Path courtOrderKeyFile,
    String phoneCountry,
    String webhookUrl,
    Path webhookSecretFile,
    Path vaultKeyFile,
    String evidenceRetention,
    NcmecSettings ncmec,
    int webhookMaxAttempts,
    ReviewConfig review,
    SecuritySettings security,
    RetentionSettings retention,
    VideoSettings video,
    org.vigil.core.reports.EuAuthorities euAuthorities,
    VaultSettings vault) {

  public static final long MB = 1024L * 1024L;

  public VigilConfig {
    video = video == null ? VideoSettings.defaults() : video;
    review = review == null ? ReviewConfig.defaults() : review;
    security = security == null ? SecuritySettings.defaults() : security;
    retention = retention == null ? RetentionSettings.defaults() : retention;
    vault = vault == null ? VaultSettings.defaults() : vault;
    euAuthorities =
        euAuthorities == null ? org.vigil.core.reports.EuAuthorities.NONE : euAuthorities;
    require(host != null && !host.isBlank(), "VIGIL_HOST", "must not be empty");
    require(port >= 0 && port <= 65535, "VIGIL_PORT", "must be between 0 and 65535, got " + port);
    require(dataDir != null, "VIGIL_DATA_DIR", "must be set");
    require(
        dbUrl == null || dbUrl.startsWith("jdbc:postgresql:"),
        "VIGIL_DB_URL",
        "must start with jdbc:postgresql:");
    require(maxUploadBytes > 0, "VIGIL_MAX_UPLOAD_BYTES", "must be positive");
    require(maxImportBytes > 0, "VIGIL_MAX_IMPORT_BYTES", "must be positive");
    require(maxImagePixels > 0, "VIGIL_MAX_IMAGE_PIXELS", "must be positive");
    require(
        minPdqQuality >= 0 && minPdqQuality <= 100,
        "VIGIL_MIN_PDQ_QUALITY",
        "must be between 0 and 100");
    require(bankSyncMillis >= 50, "VIGIL_BANK_SYNC_MILLIS", "must be at least 50");
    require(
        phoneCountry == null
            || org.vigil.core.courtorders.PhoneNumberNormaliser.knowsCountry(phoneCountry),
        "VIGIL_PHONE_COUNTRY",
        "must be an ISO country code with a known numbering plan (e.g. ES), got " + phoneCountry);
    require(
        webhookUrl == null || isHttpUrl(webhookUrl),
        "VIGIL_WEBHOOK_URL",
        "must be an absolute http:// or https:// URL with a host, got '" + webhookUrl + "'");
    require(
        webhookMaxAttempts >= 1 && webhookMaxAttempts <= 100,
        "VIGIL_WEBHOOK_MAX_ATTEMPTS",
        "must be between 1 and 100, got " + webhookMaxAttempts);
    require(evidenceRetention != null, "VIGIL_EVIDENCE_RETENTION", "must be set");
    require(ncmec != null, "VIGIL_NCMEC_URL", "settings must be present");
    try {
      retentionPolicy(evidenceRetention);
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "VIGIL_EVIDENCE_RETENTION must be an ISO-8601 period with optional per-jurisdiction"
              + " periods, e.g. P1Y,GB=P6M; got '"
              + evidenceRetention
              + "'",
          e);
    }
  }

  /**
   * The largest request body the server reads: an image upload or a video upload, whichever limit
   * is higher (each upload is checked against its own limit once its kind is known).
   */
  public long maxRequestBytes() {
    return Math.max(maxUploadBytes, video.maxBytes());
  }

  /** This configuration with other video settings. */
  public VigilConfig withVideo(VideoSettings newVideo) {
    Copy copy = new Copy(this);
    copy.video = newVideo;
    return copy.build();
  }

  /** The evidence retention policy {@code spec} describes, e.g. {@code P1Y,GB=P6M}. */
  public static org.vigil.core.evidence.RetentionPolicy retentionPolicy(String spec) {
    String[] parts = spec.split(",");
    java.time.Period fallback = java.time.Period.parse(parts[0].trim());
    Map<String, java.time.Period> byJurisdiction = new java.util.TreeMap<>();
    for (int i = 1; i < parts.length; i++) {
      String[] pair = parts[i].split("=", 2);
      if (pair.length != 2 || pair[0].isBlank()) {
        throw new IllegalArgumentException("expected CODE=PERIOD, got '" + parts[i] + "'");
      }
      byJurisdiction.put(pair[0].trim(), java.time.Period.parse(pair[1].trim()));
    }
    return new org.vigil.core.evidence.RetentionPolicy(fallback, byJurisdiction);
  }

  /** Where the vault's master key is read from (and, for the default, created). */
  public Path resolvedVaultKeyFile() {
    return vaultKeyFile != null ? vaultKeyFile : dataDir.resolve("vault.key");
  }

  private static boolean isHttpUrl(String url) {
    try {
      java.net.URI uri = new java.net.URI(url);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null
          && uri.getUserInfo() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** Where the webhook signing secret is read from (and, for the default, created). */
  public Path resolvedWebhookSecretFile() {
    return webhookSecretFile != null ? webhookSecretFile : dataDir.resolve("webhook.secret");
  }

  /**
   * This configuration with webhook delivery to {@code url} (null = none), signed by the file's
   * secret.
   */
  public VigilConfig withWebhook(String url, Path secretFile) {
    Copy copy = new Copy(this);
    copy.webhookUrl = url;
    copy.webhookSecretFile = secretFile;
    return copy.build();
  }

  /** Where the court-order HMAC key is read from (and, for the default, created). */
  public Path resolvedCourtOrderKeyFile() {
    return courtOrderKeyFile != null ? courtOrderKeyFile : dataDir.resolve("court-orders.key");
  }

  /** Defaults, overridden by whichever VIGIL_* variables {@code env} holds. */
  public static VigilConfig fromEnvironment(Map<String, String> env) {
    return new VigilConfig(
        env.getOrDefault("VIGIL_HOST", "127.0.0.1"),
        intValue(env, "VIGIL_PORT", 8080),
        Path.of(env.getOrDefault("VIGIL_DATA_DIR", "./data")),
        blankToNull(env.get("VIGIL_DB_URL")),
        blankToNull(env.get("VIGIL_DB_USER")),
        blankToNull(env.get("VIGIL_DB_PASSWORD")),
        longValue(env, "VIGIL_MAX_UPLOAD_BYTES", 20 * MB),
        longValue(env, "VIGIL_MAX_IMPORT_BYTES", 2048 * MB),
        longValue(env, "VIGIL_MAX_IMAGE_PIXELS", 50_000_000L),
        intValue(env, "VIGIL_MIN_PDQ_QUALITY", 50),
        !"false".equalsIgnoreCase(env.getOrDefault("VIGIL_DEMO", "true")),
        longValue(env, "VIGIL_BANK_SYNC_MILLIS", 1000),
        blankToNull(env.get("VIGIL_COURT_ORDER_KEY_FILE")) == null
            ? null
            : Path.of(env.get("VIGIL_COURT_ORDER_KEY_FILE").trim()),
        blankToNull(env.get("VIGIL_PHONE_COUNTRY")),
        blankToNull(env.get("VIGIL_WEBHOOK_URL")) == null
            ? null
            : env.get("VIGIL_WEBHOOK_URL").trim(),
        blankToNull(env.get("VIGIL_WEBHOOK_SECRET_FILE")) == null
            ? null
            : Path.of(env.get("VIGIL_WEBHOOK_SECRET_FILE").trim()),
        blankToNull(env.get("VIGIL_VAULT_KEY_FILE")) == null
            ? null
            : Path.of(env.get("VIGIL_VAULT_KEY_FILE").trim()),
        env.getOrDefault("VIGIL_EVIDENCE_RETENTION", "P1Y").trim(),
        NcmecSettings.fromEnvironment(env),
        intValue(env, "VIGIL_WEBHOOK_MAX_ATTEMPTS", 12),
        ReviewConfig.fromEnvironment(env),
        SecuritySettings.fromEnvironment(env),
        RetentionSettings.fromEnvironment(env),
        VideoSettings.fromEnvironment(env),
        EuAuthoritiesFile.load(
            blankToNull(env.get(EuAuthoritiesFile.SETTING)) == null
                ? null
                : Path.of(env.get(EuAuthoritiesFile.SETTING).trim())),
        VaultSettings.fromEnvironment(env));
  }

  /** This configuration with other evidence vault settings. */
  public VigilConfig withVault(VaultSettings newVault) {
    Copy copy = new Copy(this);
    copy.vault = newVault;
    return copy.build();
  }

  /** This configuration with other EU export authorities. */
  public VigilConfig withEuAuthorities(org.vigil.core.reports.EuAuthorities newAuthorities) {
    Copy copy = new Copy(this);
    copy.euAuthorities = newAuthorities;
    return copy.build();
  }

  /** This configuration with other security settings. */
  public VigilConfig withSecurity(SecuritySettings newSecurity) {
    Copy copy = new Copy(this);
    copy.security = newSecurity;
    return copy.build();
  }

  /** This configuration with other notice-and-action settings. */
  public VigilConfig withReview(ReviewConfig newReview) {
    Copy copy = new Copy(this);
    copy.review = newReview;
    return copy.build();
  }

  public VigilConfig withHost(String newHost) {
    Copy copy = new Copy(this);
    copy.host = newHost;
    return copy.build();
  }

  public VigilConfig withPort(int newPort) {
    Copy copy = new Copy(this);
    copy.port = newPort;
    return copy.build();
  }

  public VigilConfig withDataDir(Path newDataDir) {
    Copy copy = new Copy(this);
    copy.dataDir = newDataDir;
    return copy.build();
  }

  public VigilConfig withDbUrl(String newDbUrl) {
    Copy copy = new Copy(this);
    copy.dbUrl = newDbUrl;
    return copy.build();
  }

  /**
   * This configuration on the database at {@code url} with these credentials (null: in the URL).
   */
  public VigilConfig withDatabase(String url, String user, String password) {
    Copy copy = new Copy(this);
    copy.dbUrl = url;
    copy.dbUser = user;
    copy.dbPassword = password;
    return copy.build();
  }

  /** This configuration with the vault's master key in {@code keyFile} (which must exist). */
  public VigilConfig withVaultKeyFile(Path keyFile) {
    Copy copy = new Copy(this);
    copy.vaultKeyFile = keyFile;
    return copy.build();
  }

  public VigilConfig withCourtOrderKeyFile(Path keyFile) {
    Copy copy = new Copy(this);
    copy.courtOrderKeyFile = keyFile;
    return copy.build();
  }

  public VigilConfig withNcmec(NcmecSettings newNcmec) {
    Copy copy = new Copy(this);
    copy.ncmec = newNcmec;
    return copy.build();
  }

  public VigilConfig withBankSyncMillis(long millis) {
    Copy copy = new Copy(this);
    copy.bankSyncMillis = millis;
    return copy.build();
  }

  public VigilConfig withDemo(boolean newDemo) {
    Copy copy = new Copy(this);
    copy.demo = newDemo;
    return copy.build();
  }

  public VigilConfig withLimits(long newMaxUploadBytes, long newMaxImagePixels) {
    Copy copy = new Copy(this);
    copy.maxUploadBytes = newMaxUploadBytes;
    copy.maxImagePixels = newMaxImagePixels;
    return copy.build();
  }

  private static void require(boolean condition, String key, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(key + " " + problem);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static int intValue(Map<String, String> env, String key, int fallback) {
    return (int) longValue(env, key, fallback);
  }

  private static long longValue(Map<String, String> env, String key, long fallback) {
    String value = blankToNull(env.get(key));
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
    }
  }

  /**
   * A mutable copy for the {@code with...} methods: change some fields, then {@link #build()}
   * validates the whole configuration again through the canonical constructor.
   */
  private static final class Copy {
    String host;
    int port;
    Path dataDir;
    String dbUrl;
    String dbUser;
    String dbPassword;
    long maxUploadBytes;
    long maxImportBytes;
    long maxImagePixels;
    int minPdqQuality;
    boolean demo;
    long bankSyncMillis;
    Path courtOrderKeyFile;
    String phoneCountry;
    String webhookUrl;
    Path webhookSecretFile;
    Path vaultKeyFile;
    String evidenceRetention;
    NcmecSettings ncmec;
    int webhookMaxAttempts;
    ReviewConfig review;
    SecuritySettings security;
    RetentionSettings retention;
    VideoSettings video;
    org.vigil.core.reports.EuAuthorities euAuthorities;
    VaultSettings vault;

    Copy(VigilConfig from) {
      host = from.host;
      port = from.port;
      dataDir = from.dataDir;
      dbUrl = from.dbUrl;
      dbUser = from.dbUser;
      dbPassword = from.dbPassword;
      maxUploadBytes = from.maxUploadBytes;
      maxImportBytes = from.maxImportBytes;
      maxImagePixels = from.maxImagePixels;
      minPdqQuality = from.minPdqQuality;
      demo = from.demo;
      bankSyncMillis = from.bankSyncMillis;
      courtOrderKeyFile = from.courtOrderKeyFile;
      phoneCountry = from.phoneCountry;
      webhookUrl = from.webhookUrl;
      webhookSecretFile = from.webhookSecretFile;
      vaultKeyFile = from.vaultKeyFile;
      evidenceRetention = from.evidenceRetention;
      ncmec = from.ncmec;
      webhookMaxAttempts = from.webhookMaxAttempts;
      review = from.review;
      security = from.security;
      retention = from.retention;
      video = from.video;
      euAuthorities = from.euAuthorities;
      vault = from.vault;
    }

    VigilConfig build() {
      return new VigilConfig(
          host,
          port,
          dataDir,
          dbUrl,
          dbUser,
          dbPassword,
          maxUploadBytes,
          maxImportBytes,
          maxImagePixels,
          minPdqQuality,
          demo,
          bankSyncMillis,
          courtOrderKeyFile,
          phoneCountry,
          webhookUrl,
          webhookSecretFile,
          vaultKeyFile,
          evidenceRetention,
          ncmec,
          webhookMaxAttempts,
          review,
          security,
          retention,
          video,
          euAuthorities,
          vault);
    }
  }
}
