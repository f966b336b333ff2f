package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.ApiKeys;
import org.vigil.core.auth.Role;

/**
 * Keys are cached for {@link ApiKeys#CACHE_FOR} after a read: a key revoked by another process
 * stops working within that time, and one revoked through the same instance at once.
 */
class ApiKeyCacheTest {

  private final Database database = TestDatabases.freshPostgres();
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-05T04:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void authenticate_keyRevokedByAnotherProcess_refusedOnceTheCacheExpires() {
    JdbcApiKeyStore store = new JdbcApiKeyStore(database);
    ApiKeys keys = new ApiKeys(store, clock);
    ApiKeys.IssuedKey issued = keys.create(Role.PLATFORM, "cache");
    assertThat(keys.authenticate(issued.secret())).isPresent();

    // Another process (the CLI, another node) revokes it in the shared database.
    assertThat(
            new ApiKeys(new JdbcApiKeyStore(database), clock)
                .revoke(issued.record().id(), now.get()))
        .isTrue();

    now.set(now.get().plus(ApiKeys.CACHE_FOR).minusMillis(1));
    assertThat(keys.authenticate(issued.secret())).as("still within the cache time").isPresent();
    now.set(now.get().plusMillis(1));
    assertThat(keys.authenticate(issued.secret())).isEmpty();
  }

  @Test
  void authenticate_keyRevokedThroughTheSameInstance_refusedAtOnce() {
    ApiKeys keys = new ApiKeys(new JdbcApiKeyStore(database), clock);
    ApiKeys.IssuedKey issued = keys.create(Role.PLATFORM, "cache");
    assertThat(keys.authenticate(issued.secret())).isPresent();

    assertThat(keys.revoke(issued.record().id(), now.get())).isTrue();

    assertThat(keys.authenticate(issued.secret())).isEmpty();
  }

  @Test
  void authenticate_wrongSecretForACachedId_refused() {
    ApiKeys keys = new ApiKeys(new JdbcApiKeyStore(database), clock);
    ApiKeys.IssuedKey issued = keys.create(Role.PLATFORM, "cache");
    assertThat(keys.authenticate(issued.secret())).isPresent();
    String forged = issued.secret().substring(0, issued.secret().indexOf('.') + 1) + "forged";

    assertThat(keys.authenticate(forged)).isEmpty();
  }
}
