package org.vigil.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks API keys.
 *
 * <p>A key reads {@code vk_<id>.<secret>}: the id finds the row in one indexed lookup, the 256-bit
 * random secret makes guessing hopeless. Because the secret is high-entropy, an unsalted SHA-256 is
 * enough to store it (a slow password hash protects low-entropy secrets; it would only slow every
 * request here). Comparison is constant-time.
 */
public final class ApiKeys {

  private static final String PREFIX = "vk_";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * How long a key read from the store is trusted before it is read again. Why cache: every API
   * call authenticates, and a database read per call was a third of a scan's cost (JFR, docs/
   * store.md). Why this short: a key revoked by another process (the CLI, another node) must stop
   * working promptly; one revoked through this instance stops at once.
   */
  public static final Duration CACHE_FOR = Duration.ofSeconds(1);

  /** Bounds the cache; keys are few, so reaching it means something odd and it simply restarts. */
  private static final int MAX_CACHED = 10_000;

  private record Cached(ApiKeyRecord key, long readAtMillis) {}

  private final ApiKeyStore store;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public ApiKeys(ApiKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Revokes the key and forgets it here at once.
   *
   * @return false when there is no active key with that id
   */
  public boolean revoke(String id, Instant at) {
    boolean revoked = store.revoke(id, at);
    cache.remove(id);
    return revoked;
  }

  /** A newly created key: the record stored and the secret shown to the user exactly once. */
  public record IssuedKey(ApiKeyRecord record, String secret) {}

  public IssuedKey create(Role role, String label) {
    return create(role, label, Principal.DEFAULT_TENANT);
  }

  /** What a tenant's name may be: it appears in URLs, logs and the database. */
  public static final java.util.regex.Pattern TENANT =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** The message for a tenant name that does not match {@link #TENANT}. */
  public static final String TENANT_RULE =
      "a tenant is 1 to 64 lower-case letters, digits, _ and -";

  /**
   * A key acting for {@code tenant}.
   *
   * @throws IllegalArgumentException when {@code tenant} does not match {@link #TENANT}
   */
  public IssuedKey create(Role role, String label, String tenant) {
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(TENANT_RULE + ", got '" + tenant + "'");
    }
    String id = randomToken(9);
    String secret = PREFIX + id + "." + randomToken(32);
    ApiKeyRecord record =
        new ApiKeyRecord(
            id, role, label == null ? "" : label, sha256(secret), clock.instant(), null, tenant);
    store.insert(record);
    return new IssuedKey(record, secret);
  }

  /** The caller presenting {@code presented}, or empty when it is unknown, revoked or malformed. */
  public Optional<Principal> authenticate(String presented) {
    if (presented == null || !presented.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int dot = presented.indexOf('.');
    if (dot <= PREFIX.length() || presented.length() > 200) {
      return Optional.empty();
    }
    String id = presented.substring(PREFIX.length(), dot);
    return find(id)
        .filter(ApiKeyRecord::isActive)
        .filter(
            key ->
                MessageDigest.isEqual(
                    key.secretHash().getBytes(StandardCharsets.US_ASCII),
                    sha256(presented).getBytes(StandardCharsets.US_ASCII)))
        .map(key -> new Principal(key.id(), key.role(), key.tenant()));
  }

  private Optional<ApiKeyRecord> find(String id) {
    long now = clock.millis();
    Cached cached = cache.get(id);
    if (cached != null && now - cached.readAtMillis() < CACHE_FOR.toMillis()) {
      return Optional.of(cached.key());
    }
    Optional<ApiKeyRecord> found = store.findById(id);
    if (found.isPresent()) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(id, new Cached(found.get(), now));
    } else {
      cache.remove(id);
    }
    return found;
  }

  private static String randomToken(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
