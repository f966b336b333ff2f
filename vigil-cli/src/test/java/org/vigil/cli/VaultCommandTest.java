package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.app.StartupException;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.PreserveRequest;
import org.vigil.store.TestDatabases;

/**
 * {@code vigil vault rotate-key} on a real PostgreSQL and the directory store: the operator's
 * mistakes in one line, an offline rotation that leaves every item readable with the new key only,
 * and a server that refuses to start with the old one.
 */
class VaultCommandTest {

  @TempDir Path dir;
  @TempDir Path keys;

  private VigilConfig config(String url, Path keyFile) {
    VigilConfig config =
        VigilConfig.fromEnvironment(Map.of("VIGIL_DATA_DIR", dir.toString(), "VIGIL_DB_URL", url));
    return keyFile == null ? config : config.withVaultKeyFile(keyFile);
  }

  private static Path keyFile(Path where, int seed) throws Exception {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed + 7 * i);
    }
    Files.writeString(where, HexFormat.of().formatHex(key) + "\n");
    return where;
  }

  private static void assertOneLine(CliRun run) {
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void rotateKey_offline_everyItemReadableWithTheNewKeyOnlyAndMistakesInOneLine() throws Exception {
    String url = TestDatabases.postgresUrl();
    Map<String, byte[]> items = new LinkedHashMap<>();
    try (VigilApp app = VigilApp.open(config(url, null), Clock.systemUTC())) {
      for (int i = 0; i < 6; i++) {
        byte[] bytes = ("benign item " + i).getBytes(StandardCharsets.UTF_8);
        EvidenceItem item =
            app.evidence()
                .preserve(
                    new PreserveRequest("default", "case_" + i, "c" + i, "text/plain", null, bytes),
                    "key:test");
        items.put(item.id(), bytes);
      }
    }
    Path oldKey = dir.resolve("vault.key");
    Path newKey = keyFile(keys.resolve("new.key"), 3);
    String[] state = {"--data-dir", dir.toString(), "--db-url", url};

    CliRun missing = run(state, "--new-key-file", keys.resolve("nope.key").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertOneLine(missing);
    assertThat(missing.err()).contains("--new-key-file").contains("does not exist");

    Files.writeString(keys.resolve("short.key"), "abcd\n");
    CliRun malformed = run(state, "--new-key-file", keys.resolve("short.key").toString());
    assertThat(malformed.exit()).isEqualTo(1);
    assertOneLine(malformed);
    assertThat(malformed.err()).contains("64 hex characters");

    CliRun same = run(state, "--new-key-file", oldKey.toString());
    assertThat(same.exit()).isEqualTo(2);
    assertOneLine(same);
    assertThat(same.err()).contains("already in use");

    // A new key no server holds yet: refused unless the operator says the servers are stopped.
    CliRun unconfirmed = run(state, "--new-key-file", newKey.toString());
    assertThat(unconfirmed.exit()).isEqualTo(2);
    assertOneLine(unconfirmed);
    assertThat(unconfirmed.err()).contains("--servers-stopped").contains("VIGIL_VAULT_KEY_FILE");

    CliRun rotated = run(state, "--new-key-file", newKey.toString(), "--servers-stopped");
    assertThat(rotated.exit()).as(rotated.err()).isZero();
    String newId = EnvelopeCipher.keyId(HexFormat.of().parseHex(Files.readString(newKey).strip()));
    assertThat(rotated.out()).contains("rotated: 6 items re-wrapped").contains("to " + newId);

    // Run again (say, after a crash): nothing left, nothing broken.
    CliRun again = run(state, "--new-key-file", newKey.toString(), "--servers-stopped");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("rotated: 0 items re-wrapped");

    CliRun listed =
        CliRun.of(
            "vault",
            "keys",
            "--key-file",
            newKey.toString(),
            state[0],
            state[1],
            state[2],
            state[3]);
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.out().strip()).isEqualTo(newId + "\t6\tcurrent");

    // A server started with the old key refuses, naming the key the items need.
    try (VigilApp app = VigilApp.open(config(url, oldKey), Clock.systemUTC())) {
      assertThatThrownBy(app::requireVaultKeys)
          .isInstanceOf(StartupException.class)
          .hasMessageContaining(newId)
          .hasMessageContaining("VIGIL_VAULT_KEY_FILE");
    }
    // With the new key alone, every item reads back as preserved.
    try (VigilApp app = VigilApp.open(config(url, newKey), Clock.systemUTC())) {
      app.requireVaultKeys();
      for (Map.Entry<String, byte[]> item : items.entrySet()) {
        assertThat(app.evidence().read("default", item.getKey(), "key:specialist"))
            .isEqualTo(item.getValue());
      }
    }
  }

  private static CliRun run(String[] state, String... args) {
    String[] all = new String[2 + state.length + args.length];
    all[0] = "vault";
    all[1] = "rotate-key";
    System.arraycopy(state, 0, all, 2, state.length);
    System.arraycopy(args, 0, all, 2 + state.length, args.length);
    return CliRun.of(all);
  }
}
