package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.auth.ConsoleUserStore;
import org.vigil.core.auth.PasswordHasher;
import org.vigil.store.Database;
import org.vigil.store.JdbcConsoleUserStore;

/** {@code vigil users} against a data directory. */
class UsersCommandTest {

  @TempDir Path dataDir;

  @Test
  void create_moderator_printsOneTimePasswordStoredOnlyAsArgon2() {
    CliRun created =
        CliRun.of(
            "users",
            "create",
            "--name",
            "alice",
            "--role",
            "moderator",
            "--init",
            "--data-dir",
            dataDir.toString());
    assertThat(created.exit()).isZero();
    String password = created.out().trim();
    assertThat(password).matches("[A-Za-z0-9_-]{20}");
    CliRun listed = CliRun.of("users", "list", "--data-dir", dataDir.toString());
    assertThat(listed.out()).contains("alice\tmoderator\tdefault\tone-time password");
    try (Database db = Database.openEmbedded(dataDir)) {
      ConsoleUserStore store = new JdbcConsoleUserStore(db);
      String hash = store.find("alice").orElseThrow().passwordHash();
      assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(password);
      assertThat(new PasswordHasher().verify(password, hash)).isTrue();
      assertThat(new PasswordHasher().verify(password + "x", hash)).isFalse();
    }
  }

  @Test
  void create_unknownRoleOrTakenName_oneLineNonZero() {
    CliRun bad =
        CliRun.of(
            "users",
            "create",
            "--name",
            "bob",
            "--role",
            "root",
            "--init",
            "--data-dir",
            dataDir.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().trim()).startsWith("vigil: role must be").doesNotContain("\n");
    CliRun.of(
        "users",
        "create",
        "--name",
        "bob",
        "--role",
        "auditor",
        "--init",
        "--data-dir",
        dataDir.toString());
    CliRun again =
        CliRun.of(
            "users",
            "create",
            "--name",
            "bob",
            "--role",
            "auditor",
            "--data-dir",
            dataDir.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("exists");
  }
}
