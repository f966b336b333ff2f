package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.evidence.EvidenceIntegrityException;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceStore;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.evidence.PreserveRequest;
import org.vigil.core.evidence.RetentionPolicy;
import org.vigil.core.evidence.WrappedKey;
import org.vigil.core.testing.MutableClock;

/**
 * Master-key rotation on a real PostgreSQL and the directory store: every data key is re-wrapped
 * under the new master key, the media files are left as they were, and a rotation cut short resumes
 * without losing an item.
 */
class VaultKeyRotationTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final int ITEMS = 25;

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private Database database;
  private JdbcEvidenceStore store;
  private JdbcAuditStore auditStore;

  @BeforeEach
  void open() {
    database = TestDatabases.freshPostgres();
    store = new JdbcEvidenceStore(database);
    auditStore = new JdbcAuditStore(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i);
    }
    return key;
  }

  private EvidenceVault vault(EvidenceStore on, EnvelopeCipher cipher) {
    return new EvidenceVault(
        on,
        new DirectoryEvidenceBlobs(dir.resolve("vault")),
        cipher,
        new RetentionPolicy(RetentionPolicy.DEFAULT, Map.of()),
        new AuditLog(auditStore, clock),
        clock);
  }

  private static byte[] content(int i) {
    return ("benign synthetic item " + i).getBytes(StandardCharsets.UTF_8);
  }

  /** Preserves {@link #ITEMS} items under {@code cipher}; returns id to plaintext. */
  private Map<String, byte[]> preserveItems(EvidenceVault vault) {
    Map<String, byte[]> items = new HashMap<>();
    for (int i = 0; i < ITEMS; i++) {
      EvidenceItem item =
          vault.preserve(
              new PreserveRequest(
                  "default", "case_" + (i % 4), "post-" + i, "text/plain", null, content(i)),
              "key:platform");
      items.put(item.id(), content(i));
    }
    return items;
  }

  private Map<String, byte[]> ciphertexts() throws Exception {
    Map<String, byte[]> files = new HashMap<>();
    try (var list = Files.list(dir.resolve("vault"))) {
      for (Path file : list.toList()) {
        files.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }

  private void assertAllReadable(EvidenceVault vault, Map<String, byte[]> items) {
    for (Map.Entry<String, byte[]> item : items.entrySet()) {
      assertThat(vault.read("default", item.getKey(), "key:specialist"))
          .as(item.getKey())
          .isEqualTo(item.getValue());
    }
  }

  private List<AuditEntry> audit(String action) {
    List<AuditEntry> entries = new ArrayList<>();
    auditStore.forEach(
        entry -> {
          if (entry.action().equals(action)) {
            entries.add(entry);
          }
        });
    return entries;
  }

  @Test
  void rotateMasterKey_everyItem_readableWithTheNewKeyOnlyMediaUntouchedAndAudited()
      throws Exception {
    byte[] oldKey = key(1);
    byte[] newKey = key(2);
    Map<String, byte[]> items = preserveItems(vault(store, new EnvelopeCipher(oldKey)));
    // One item from before key ids were recorded: the rotation finds its key by trying.
    String legacy = items.keySet().iterator().next();
    database
        .jdbi()
        .useHandle(h -> h.execute("UPDATE evidence_items SET key_id = NULL WHERE id = ?", legacy));
    Map<String, byte[]> filesBefore = ciphertexts();

    EvidenceVault.KeyRotation rotation =
        vault(store, new EnvelopeCipher(oldKey)).rotateMasterKey(new EnvelopeCipher(newKey), "cli");

    assertThat(rotation.rewrapped()).isEqualTo(ITEMS);
    assertThat(rotation.failed()).isEmpty();
    assertThat(rotation.remaining()).isZero();
    assertThat(rotation.from()).containsExactly(EnvelopeCipher.keyId(oldKey));
    assertThat(rotation.to()).isEqualTo(EnvelopeCipher.keyId(newKey));
    assertAllReadable(vault(store, new EnvelopeCipher(newKey)), items);
    String any = items.keySet().iterator().next();
    assertThatThrownBy(() -> vault(store, new EnvelopeCipher(oldKey)).read("default", any, "x"))
        .isInstanceOf(EvidenceIntegrityException.class)
        .hasMessageContaining(EnvelopeCipher.keyId(newKey));
    // Only the small wrapped keys changed: every ciphertext file is byte for byte the same.
    Map<String, byte[]> filesAfter = ciphertexts();
    assertThat(filesAfter.keySet()).isEqualTo(filesBefore.keySet());
    filesBefore.forEach((name, bytes) -> assertThat(filesAfter.get(name)).isEqualTo(bytes));
    assertThat(store.countByMasterKey())
        .containsExactly(new EvidenceStore.KeyCount(EnvelopeCipher.keyId(newKey), ITEMS));

    List<AuditEntry> done = audit("evidence.key_rotation");
    assertThat(done).hasSize(1);
    assertThat(done.get(0).detailsJson())
        .contains("\"rewrapped\":" + ITEMS)
        .contains(EnvelopeCipher.keyId(oldKey))
        .contains(EnvelopeCipher.keyId(newKey));
    assertThat(audit("evidence.key_rotation.start")).hasSize(1);
    for (String action : List.of("evidence.key_rotation", "evidence.key_rotation.start")) {
      for (AuditEntry entry : audit(action)) {
        assertThat(entry.detailsJson())
            .doesNotContain(HexFormat.of().formatHex(oldKey))
            .doesNotContain(HexFormat.of().formatHex(newKey));
      }
    }

    // Run again: nothing left to do.
    EvidenceVault.KeyRotation again =
        vault(store, new EnvelopeCipher(newKey, List.of(oldKey)))
            .rotateMasterKey(new EnvelopeCipher(newKey), "cli");
    assertThat(again.rewrapped()).isZero();
    assertThat(again.remaining()).isZero();
  }

  /** The real store, dying (as a killed process would) after {@code survive} re-wraps. */
  private static EvidenceStore dyingAfter(EvidenceStore real, int survive, AtomicInteger done) {
    return new EvidenceStore() {
      @Override
      public EvidenceItem insertOrGet(EvidenceItem item, WrappedKey wrappedKey) {
        return real.insertOrGet(item, wrappedKey);
      }

      @Override
      public Optional<EvidenceItem> find(String id) {
        return real.find(id);
      }

      @Override
      public Optional<WrappedKey> wrappedKey(String id) {
        return real.wrappedKey(id);
      }

      @Override
      public List<Wrapped> wrappedNotUnder(String keyId, String afterId, int limit) {
        return real.wrappedNotUnder(keyId, afterId, limit);
      }

      @Override
      public boolean replaceWrappedKey(String id, WrappedKey expected, WrappedKey replacement) {
        if (done.get() >= survive) {
          throw new IllegalStateException("the process died here");
        }
        boolean replaced = real.replaceWrappedKey(id, expected, replacement);
        done.incrementAndGet();
        return replaced;
      }

      @Override
      public List<KeyCount> countByMasterKey() {
        return real.countByMasterKey();
      }

      @Override
      public List<EvidenceItem> bySource(String tenant, String source) {
        return real.bySource(tenant, source);
      }

      @Override
      public void setHold(String id, String reason, Instant retainUntil) {
        real.setHold(id, reason, retainUntil);
      }

      @Override
      public void extendRetention(String id, Instant retainUntil) {
        real.extendRetention(id, retainUntil);
      }

      @Override
      public List<EvidenceItem> expired(Instant now, int limit) {
        return real.expired(now, limit);
      }

      @Override
      public void markDeleted(String id, Instant at) {
        real.markDeleted(id, at);
      }

      @Override
      public boolean exists(String id) {
        return real.exists(id);
      }
    };
  }

  @Test
  void rotateMasterKey_cutShortThenRunAgain_everyItemReadableNoneLost() {
    byte[] oldKey = key(3);
    byte[] newKey = key(4);
    Map<String, byte[]> items = preserveItems(vault(store, new EnvelopeCipher(oldKey)));
    AtomicInteger done = new AtomicInteger();

    assertThatThrownBy(
            () ->
                vault(dyingAfter(store, 9, done), new EnvelopeCipher(oldKey))
                    .rotateMasterKey(new EnvelopeCipher(newKey), "cli"))
        .hasMessageContaining("died");
    assertThat(done.get()).isEqualTo(9);
    // Half way: 9 items under the new key, the rest under the old one; a server holding both
    // (the new one current, the old one previous) reads every item.
    assertThat(store.countByMasterKey())
        .containsExactlyInAnyOrder(
            new EvidenceStore.KeyCount(EnvelopeCipher.keyId(newKey), 9),
            new EvidenceStore.KeyCount(EnvelopeCipher.keyId(oldKey), ITEMS - 9));
    assertAllReadable(vault(store, new EnvelopeCipher(newKey, List.of(oldKey))), items);

    EvidenceVault.KeyRotation resumed =
        vault(store, new EnvelopeCipher(oldKey)).rotateMasterKey(new EnvelopeCipher(newKey), "cli");

    assertThat(resumed.rewrapped()).isEqualTo(ITEMS - 9);
    assertThat(resumed.remaining()).isZero();
    assertAllReadable(vault(store, new EnvelopeCipher(newKey)), items);
    assertThat(vault(store, new EnvelopeCipher(newKey)).missingMasterKeys()).isEmpty();
    assertThat(vault(store, new EnvelopeCipher(oldKey)).missingMasterKeys())
        .containsExactly(EnvelopeCipher.keyId(newKey));
  }

  @Test
  void rotateMasterKey_online_newItemsSealedUnderTheNewKeyAndOldOnesMovedOver() {
    byte[] oldKey = key(5);
    byte[] newKey = key(6);
    Map<String, byte[]> items = preserveItems(vault(store, new EnvelopeCipher(oldKey)));
    // The server restarted with the new key current and the old one previous: it reads both and
    // seals new items under the new key.
    EvidenceVault serving = vault(store, new EnvelopeCipher(newKey, List.of(oldKey)));
    assertAllReadable(serving, items);
    EvidenceItem fresh =
        serving.preserve(
            new PreserveRequest("default", "case_9", "post-new", "text/plain", null, content(99)),
            "key:platform");
    items.put(fresh.id(), content(99));

    EvidenceVault.KeyRotation rotation = serving.rotateMasterKey(new EnvelopeCipher(newKey), "cli");

    assertThat(rotation.rewrapped()).isEqualTo(ITEMS);
    assertThat(rotation.from()).containsExactly(EnvelopeCipher.keyId(oldKey));
    assertAllReadable(vault(store, new EnvelopeCipher(newKey)), items);
  }

  @Test
  void rotateMasterKey_itemNoKeyHeldOpens_reportedFailedTheOthersRotated() {
    byte[] oldKey = key(7);
    byte[] newKey = key(8);
    Map<String, byte[]> items = preserveItems(vault(store, new EnvelopeCipher(oldKey)));
    // An item sealed under a key nobody gave the rotation, recorded without a key id.
    EvidenceItem stranger =
        vault(store, new EnvelopeCipher(key(9)))
            .preserve(
                new PreserveRequest("default", "case_x", "post-x", "text/plain", null, content(7)),
                "key:platform");
    database
        .jdbi()
        .useHandle(
            h -> h.execute("UPDATE evidence_items SET key_id = NULL WHERE id = ?", stranger.id()));

    EvidenceVault.KeyRotation rotation =
        vault(store, new EnvelopeCipher(oldKey)).rotateMasterKey(new EnvelopeCipher(newKey), "cli");

    assertThat(rotation.failed()).containsExactly(stranger.id());
    assertThat(rotation.rewrapped()).isEqualTo(ITEMS);
    assertThat(rotation.remaining()).isEqualTo(1);
    assertAllReadable(vault(store, new EnvelopeCipher(newKey)), items);
    assertThat(audit("evidence.key_rotation").get(0).detailsJson())
        .contains("\"failed\":1")
        .contains(stranger.id());
  }
}
