package org.vigil.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Where the evidence vault keeps its ciphertexts and how often it tidies them (docs/evidence.md).
 * The master key is configured apart ({@code VIGIL_VAULT_KEY_FILE}); these settings never hold it.
 *
 * @param orphanGrace how old a ciphertext without a metadata row must be before the sweep deletes
 *     it: longer than any preservation takes to commit (VIGIL_VAULT_ORPHAN_GRACE, PT10M)
 * @param sweepEvery how often the {@code evidence-retention} job destroys expired items and sweeps
 *     orphans (VIGIL_VAULT_SWEEP_EVERY, PT1H)
 * @param s3 an S3-compatible bucket instead of the directory {@code <data-dir>/vault}, or null
 * @param previousKeyFiles files of earlier master keys, which only unwrap the data keys a rotation
 *     has not re-wrapped yet; each must exist (VIGIL_VAULT_PREVIOUS_KEY_FILES, comma-separated)
 */
public record VaultSettings(
    Duration orphanGrace, Duration sweepEvery, S3 s3, List<Path> previousKeyFiles) {

  public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofMinutes(10);
  public static final Duration DEFAULT_SWEEP_EVERY = Duration.ofHours(1);

  /**
   * An S3-compatible object store (AWS S3, MinIO, Ceph, Garage...).
   *
   * @param bucket the bucket, which must exist (VIGIL_VAULT_S3_BUCKET; setting it selects S3)
   * @param prefix prepended to every object key, e.g. {@code vigil/vault/} (VIGIL_VAULT_S3_PREFIX)
   * @param endpoint the service's URL; null = AWS itself (VIGIL_VAULT_S3_ENDPOINT)
   * @param region the signing region (VIGIL_VAULT_S3_REGION, us-east-1)
   * @param accessKeyId with {@code secretAccessKey}; both null = the AWS SDK's default credential
   *     chain (AWS_ACCESS_KEY_ID, profiles, instance roles) (VIGIL_VAULT_S3_ACCESS_KEY_ID)
   * @param secretAccessKey (VIGIL_VAULT_S3_SECRET_ACCESS_KEY)
   * @param pathStyle address the bucket in the path rather than the host name, as most self-hosted
   *     servers need (VIGIL_VAULT_S3_PATH_STYLE; true when an endpoint is set)
   */
  public record S3(
      String bucket,
      String prefix,
      URI endpoint,
      String region,
      String accessKeyId,
      String secretAccessKey,
      boolean pathStyle) {

    public S3 {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException("VIGIL_VAULT_S3_BUCKET must name a bucket");
      }
      prefix = prefix == null ? "" : prefix;
      region = region == null || region.isBlank() ? "us-east-1" : region;
      if (endpoint != null
          && (endpoint.getHost() == null
              || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
        throw new IllegalArgumentException(
            "VIGIL_VAULT_S3_ENDPOINT must be an absolute http(s) URL, got '" + endpoint + "'");
      }
      if ((accessKeyId == null) != (secretAccessKey == null)) {
        throw new IllegalArgumentException(
            "VIGIL_VAULT_S3_ACCESS_KEY_ID and VIGIL_VAULT_S3_SECRET_ACCESS_KEY must be set"
                + " together");
      }
    }

    @Override
    public String toString() {
      // Never print the secret.
      return "S3[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint + "]";
    }
  }

  public VaultSettings {
    orphanGrace = orphanGrace == null ? DEFAULT_ORPHAN_GRACE : orphanGrace;
    sweepEvery = sweepEvery == null ? DEFAULT_SWEEP_EVERY : sweepEvery;
    previousKeyFiles = previousKeyFiles == null ? List.of() : List.copyOf(previousKeyFiles);
    if (orphanGrace.isNegative() || orphanGrace.isZero()) {
      throw new IllegalArgumentException(
          "VIGIL_VAULT_ORPHAN_GRACE must be a positive ISO-8601 duration, e.g. PT10M");
    }
    if (sweepEvery.toMillis() < 100) {
      throw new IllegalArgumentException(
          "VIGIL_VAULT_SWEEP_EVERY must be at least 0.1 seconds (PT0.1S), got " + sweepEvery);
    }
  }

  /** The directory store, swept hourly, orphans kept ten minutes. */
  public static VaultSettings defaults() {
    return new VaultSettings(null, null, null, null);
  }

  /** These settings with the ciphertexts in {@code bucket} instead of the data directory. */
  public VaultSettings withS3(S3 bucket) {
    return new VaultSettings(orphanGrace, sweepEvery, bucket, previousKeyFiles);
  }

  /** These settings with earlier master keys that only unwrap (during a rotation). */
  public VaultSettings withPreviousKeyFiles(List<Path> files) {
    return new VaultSettings(orphanGrace, sweepEvery, s3, files);
  }

  static VaultSettings fromEnvironment(Map<String, String> env) {
    S3 s3 = null;
    String bucket = blankToNull(env.get("VIGIL_VAULT_S3_BUCKET"));
    if (bucket != null) {
      URI endpoint = endpoint(blankToNull(env.get("VIGIL_VAULT_S3_ENDPOINT")));
      String pathStyle = blankToNull(env.get("VIGIL_VAULT_S3_PATH_STYLE"));
      s3 =
          new S3(
              bucket.trim(),
              blankToNull(env.get("VIGIL_VAULT_S3_PREFIX")),
              endpoint,
              blankToNull(env.get("VIGIL_VAULT_S3_REGION")),
              blankToNull(env.get("VIGIL_VAULT_S3_ACCESS_KEY_ID")),
              blankToNull(env.get("VIGIL_VAULT_S3_SECRET_ACCESS_KEY")),
              pathStyle == null ? endpoint != null : bool(pathStyle));
    }
    List<Path> previous = new java.util.ArrayList<>();
    String previousFiles = blankToNull(env.get("VIGIL_VAULT_PREVIOUS_KEY_FILES"));
    if (previousFiles != null) {
      for (String file : previousFiles.split(",")) {
        if (!file.isBlank()) {
          previous.add(Path.of(file.trim()));
        }
      }
    }
    return new VaultSettings(
        duration(env, "VIGIL_VAULT_ORPHAN_GRACE"),
        duration(env, "VIGIL_VAULT_SWEEP_EVERY"),
        s3,
        previous);
  }

  private static boolean bool(String value) {
    String v = value.trim();
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(
        "VIGIL_VAULT_S3_PATH_STYLE must be true or false, got '" + v + "'");
  }

  private static URI endpoint(String value) {
    if (value == null) {
      return null;
    }
    try {
      return new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "VIGIL_VAULT_S3_ENDPOINT must be an absolute http(s) URL, got '" + value.trim() + "'", e);
    }
  }

  private static Duration duration(Map<String, String> env, String key) {
    String value = blankToNull(env.get(key));
    if (value == null) {
      return null;
    }
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be an ISO-8601 duration such as PT10M, got '" + value.trim() + "'", e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
