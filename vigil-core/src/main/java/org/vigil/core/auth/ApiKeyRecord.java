package org.vigil.core.auth;

import java.time.Instant;

/**
 * A stored API key: only the SHA-256 of the secret is kept, never the secret itself.
 *
 * @param id public identifier of the key (the part before the dot in the secret)
 * @param secretHash lowercase hex SHA-256 of the full key string
 * @param revokedAt when the key was revoked, or null while valid
 * @param tenant the tenant the key acts for ({@link Principal#DEFAULT_TENANT} unless configured)
 */
public record ApiKeyRecord(
    String id,
    Role role,
    String label,
    String secretHash,
    Instant createdAt,
    Instant revokedAt,
    String tenant) {

  public ApiKeyRecord {
    if (tenant == null || tenant.isBlank()) {
      tenant = Principal.DEFAULT_TENANT;
    }
  }

  /** A key of the default tenant. */
  public ApiKeyRecord(
      String id, Role role, String label, String secretHash, Instant createdAt, Instant revokedAt) {
    this(id, role, label, secretHash, createdAt, revokedAt, Principal.DEFAULT_TENANT);
  }

  public boolean isActive() {
    return revokedAt == null;
  }
}
