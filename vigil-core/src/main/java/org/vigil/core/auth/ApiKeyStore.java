package org.vigil.core.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage port for API keys. */
public interface ApiKeyStore {

  void insert(ApiKeyRecord key);

  Optional<ApiKeyRecord> findById(String id);

  List<ApiKeyRecord> list();

  /** Marks the key revoked; returns false when no active key has this id. */
  boolean revoke(String id, Instant at);

  /** True when at least one active admin key exists (decides whether to bootstrap one). */
  boolean hasActiveAdmin();
}
