package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.decide.Account;
import org.vigil.store.Database;
import org.vigil.store.JdbcAccountDirectory;
import org.vigil.store.JdbcReviewActionOutbox;

/** {@code vigil accounts review} against a data directory. */
class AccountsCommandTest {

  @TempDir Path dataDir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void review_underageAccount_printedAndRecordedOnce() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    try (Database db = Database.openEmbedded(dataDir)) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      accounts.put(
          new Account(
              "kid", "AU", LocalDate.of(2013, 1, 1), null, List.of(), Set.of(), false, now));
      accounts.put(
          new Account(
              "grown", "US", LocalDate.of(1990, 1, 1), null, List.of(), Set.of(), false, now));
    }

    CliRun first =
        run(
            "accounts",
            "review",
            "--service",
            "social_network",
            "--at",
            "2026-11-23T10:00:00Z",
            "--data-dir",
            dataDir.toString());
    CliRun second =
        run(
            "accounts",
            "review",
            "--service",
            "social_network",
            "--at",
            "2026-11-23T10:00:00Z",
            "--data-dir",
            dataDir.toString());

    assertThat(first.exit()).isEqualTo(1);
    assertThat(first.out()).contains("kid\tAU\tremove_account\tAU-SMMA-16");
    assertThat(first.out()).doesNotContain("grown");
    assertThat(first.out()).contains("reviewed 2 accounts").contains("1 new in the outbox");
    assertThat(second.out()).contains("0 new in the outbox");
    try (Database db = Database.openEmbedded(dataDir)) {
      assertThat(new JdbcReviewActionOutbox(db).after(0, 10)).hasSize(1);
    }
  }

  @Test
  void review_unknownService_usageError() {
    CliRun run = run("accounts", "review", "--service", "dating", "--data-dir", dataDir.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("dating");
  }
}
