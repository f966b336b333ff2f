package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.SealedItem;
import org.vigil.core.evidence.WrappedKey;
import org.vigil.store.Database;
import org.vigil.store.JdbcEvidenceStore;
import org.vigil.store.TestDatabases;

/**
 * A real {@code vigil vault rotate-key} process killed with SIGKILL half way through, on a real
 * PostgreSQL: every item stays wrapped by the old key or the new one (a server holding both reads
 * all of them), and a second run moves exactly the rest, after which the new key alone opens every
 * item.
 */
class VaultRotateKillTest {

  private static final int ITEMS = 1500;

  @TempDir Path dir;

  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 13 + i);
    }
    return key;
  }

  private static long under(Database db, String keyId) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM evidence_items WHERE key_id = :k")
                    .bind("k", keyId)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  @Timeout(600)
  void rotateKey_killedHalfWay_everyItemUnderOneOfTheKeysAndASecondRunFinishes() throws Exception {
    String url = TestDatabases.postgresUrl();
    byte[] oldKey = key(1);
    byte[] newKey = key(2);
    Files.writeString(dir.resolve("vault.key"), HexFormat.of().formatHex(oldKey) + "\n");
    Path newKeyFile = dir.resolve("new.key");
    Files.writeString(newKeyFile, HexFormat.of().formatHex(newKey) + "\n");
    EnvelopeCipher old = new EnvelopeCipher(oldKey);
    String oldId = old.keyId();
    String newId = EnvelopeCipher.keyId(newKey);
    Map<String, byte[]> ciphertexts = new HashMap<>();
    Map<String, byte[]> plaintexts = new HashMap<>();
    try (Database db = Database.open(url, null, null)) {
      // Rows only: a rotation never touches the ciphertexts, which this test keeps in memory.
      JdbcEvidenceStore store = new JdbcEvidenceStore(db);
      Instant now = Instant.now();
      for (int i = 0; i < ITEMS; i++) {
        String id = "ev_kill" + i;
        byte[] bytes = ("benign item " + i).getBytes(StandardCharsets.UTF_8);
        SealedItem sealed = old.seal(id, bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        store.insertOrGet(
            new EvidenceItem(
                id,
                "default",
                "case_kill",
                null,
                "text/plain",
                bytes.length,
                sha,
                null,
                now,
                now.plusSeconds(86_400),
                null,
                null),
            new WrappedKey(sealed.wrappedKey(), oldId));
        ciphertexts.put(id, sealed.ciphertext());
        plaintexts.put(id, bytes);
      }

      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              VigilCommand.class.getName(),
              "vault",
              "rotate-key",
              "--db-url",
              url,
              "--data-dir",
              dir.toString(),
              "--new-key-file",
              newKeyFile.toString(),
              "--servers-stopped");
      builder.environment().keySet().removeIf(name -> name.startsWith("VIGIL_"));
      builder.redirectErrorStream(true);
      builder.redirectOutput(dir.resolve("rotate.log").toFile());
      Process rotate = builder.start();
      long moved = 0;
      while (rotate.isAlive() && (moved = under(db, newId)) < ITEMS / 10) {
        Thread.sleep(5);
      }
      rotate.destroyForcibly();
      assertThat(rotate.waitFor(60, TimeUnit.SECONDS)).isTrue();
      long movedAtKill = under(db, newId);
      assertThat(movedAtKill)
          .as("killed half way (" + Files.readString(dir.resolve("rotate.log")) + ")")
          .isGreaterThanOrEqualTo(moved)
          .isBetween(1L, ITEMS - 1L);
      assertThat(under(db, oldId)).isEqualTo(ITEMS - movedAtKill);

      // Between the runs, a server holding both keys opens every item.
      EnvelopeCipher both = new EnvelopeCipher(newKey, List.of(oldKey));
      for (String id : plaintexts.keySet()) {
        WrappedKey wrapped = store.wrappedKey(id).orElseThrow();
        assertThat(both.open(id, wrapped, ciphertexts.get(id))).isEqualTo(plaintexts.get(id));
      }

      CliRun again =
          CliRun.of(
              "vault",
              "rotate-key",
              "--db-url",
              url,
              "--data-dir",
              dir.toString(),
              "--new-key-file",
              newKeyFile.toString(),
              "--servers-stopped");
      assertThat(again.exit()).as(again.err()).isZero();
      assertThat(again.out())
          .contains("rotated: " + (ITEMS - movedAtKill) + " items re-wrapped")
          .contains("0 items left under other keys");
      assertThat(under(db, newId)).isEqualTo(ITEMS);
      EnvelopeCipher fresh = new EnvelopeCipher(newKey);
      for (String id : plaintexts.keySet()) {
        WrappedKey wrapped = store.wrappedKey(id).orElseThrow();
        assertThat(fresh.open(id, wrapped, ciphertexts.get(id))).isEqualTo(plaintexts.get(id));
      }
    }
  }
}
