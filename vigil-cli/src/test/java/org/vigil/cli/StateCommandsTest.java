package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.store.Database;

/** {@code vigil keys} and {@code vigil audit verify} against a data directory. */
class StateCommandsTest {

  @TempDir Path dataDir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void keysCreate_platformRole_printsKeyAndListsIt() {
    CliRun created =
        run(
            "keys",
            "create",
            "--role",
            "platform",
            "--label",
            "tests",
            "--init",
            "--data-dir",
            dataDir.toString());
    assertThat(created.exit()).isZero();
    assertThat(created.out().trim()).matches("vk_[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    CliRun listed = run("keys", "list", "--data-dir", dataDir.toString());
    assertThat(listed.out()).contains("\tplatform\tactive\ttests");
    assertThat(listed.out()).doesNotContain(created.out().trim());
  }

  @Test
  void keysCreate_withTenant_listsTheKeyWithItsTenant() {
    CliRun created =
        run(
            "keys",
            "create",
            "--role",
            "platform",
            "--label",
            "forum",
            "--tenant",
            "forum-b",
            "--init",
            "--data-dir",
            dataDir.toString());
    CliRun bad =
        run(
            "keys",
            "create",
            "--role",
            "platform",
            "--tenant",
            "Forum B",
            "--data-dir",
            dataDir.toString());

    assertThat(created.exit()).isZero();
    assertThat(run("keys", "list", "--data-dir", dataDir.toString()).out())
        .contains("\tplatform\tactive\tforum\tforum-b");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--tenant: a tenant is 1 to 64 lower-case letters");
  }

  @Test
  void keysCreate_unknownRole_isUsageError() {
    CliRun run = run("keys", "create", "--role", "root", "--data-dir", dataDir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("unknown role");
  }

  @Test
  void auditVerify_intactThenTampered_reportsFirstBrokenEntry() {
    run("keys", "create", "--role", "platform", "--init", "--data-dir", dataDir.toString());
    run("keys", "create", "--role", "auditor", "--data-dir", dataDir.toString());
    run("keys", "create", "--role", "moderator", "--data-dir", dataDir.toString());
    CliRun intact = run("audit", "verify", "--data-dir", dataDir.toString());
    assertThat(intact.exit()).isZero();
    assertThat(intact.out()).contains("intact: 3 entries");

    try (Database db = Database.openEmbedded(dataDir)) {
      db.jdbi()
          .useHandle(h -> h.execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2"));
    }
    CliRun broken = run("audit", "verify", "--data-dir", dataDir.toString());
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.out()).contains("BROKEN at entry 2");
  }
}
