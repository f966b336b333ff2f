package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.intake.Account;
import org.vigil.core.minors.RuleSetLoader;
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
          "default",
          new Account(
              "kid", "AU", LocalDate.of(2013, 1, 1), null, List.of(), Set.of(), false, now));
      accounts.put(
          "default",
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
      assertThat(new JdbcReviewActionOutbox(db).after("default", 0, 10)).hasSize(1);
    }
  }

  @Test
  void review_twoTenants_reviewsEachOnItsOwnAndRecordsPerTenant() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    try (Database db = Database.openEmbedded(dataDir)) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      accounts.put(
          "default",
          new Account(
              "kid", "AU", LocalDate.of(2013, 1, 1), null, List.of(), Set.of(), false, now));
      accounts.put(
          "forum-b",
          new Account(
              "kid",
              "AU",
              null,
              null,
              List.of(
                  new org.vigil.core.intake.AgeSignal(
                      org.vigil.core.intake.SignalSource.VERIFIED,
                      "document",
                      LocalDate.of(1990, 1, 1),
                      null,
                      null,
                      null,
                      null,
                      null)),
              Set.of(),
              false,
              now));
      accounts.put(
          "forum-b",
          new Account(
              "kid-b", "AU", LocalDate.of(2014, 1, 1), null, List.of(), Set.of(), false, now));
    }
    String[] review = {
      "accounts",
      "review",
      "--service",
      "social_network",
      "--at",
      "2026-11-23T10:00:00Z",
      "--data-dir",
      dataDir.toString()
    };

    CliRun onlyB = run(append(review, "--tenant", "forum-b"));
    CliRun all = run(review);

    assertThat(onlyB.out())
        .contains("# tenant forum-b\nkid-b\tAU\tremove_account")
        .doesNotContain("kid\t")
        .contains("reviewed 2 accounts");
    assertThat(all.out())
        .contains("# tenant default\nkid\tAU\tremove_account")
        .contains("# tenant forum-b\n")
        .contains("reviewed 3 accounts")
        .contains("1 new in the outbox");
    try (Database db = Database.openEmbedded(dataDir)) {
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      assertThat(outbox.after("default", 0, 10))
          .extracting(org.vigil.core.minors.ReviewAction::accountId)
          .containsExactly("kid");
      assertThat(outbox.after("forum-b", 0, 10))
          .extracting(org.vigil.core.minors.ReviewAction::accountId)
          .containsExactly("kid-b");
    }
  }

  private static String[] append(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  @Test
  void review_unknownService_usageError() {
    CliRun run = run("accounts", "review", "--service", "dating", "--data-dir", dataDir.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("dating");
  }

  @Test
  void review_sinceOlderRules_printsDiffAndChecksOnlyAffectedJurisdictions() throws Exception {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    try (Database db = Database.openEmbedded(dataDir)) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      accounts.put(
          "default",
          new Account(
              "kid-fl", "US-FL", LocalDate.of(2013, 1, 1), null, List.of(), Set.of(), false, now));
      accounts.put(
          "default",
          new Account(
              "kid-au", "AU", LocalDate.of(2013, 1, 1), null, List.of(), Set.of(), false, now));
    }
    // The "old" rules: Florida's HB 3 not yet there (its two rules removed from the file).
    String bundled;
    try (java.io.InputStream in =
        org.vigil.core.minors.RuleSetLoader.class
            .getClassLoader()
            .getResourceAsStream(org.vigil.core.minors.RuleSetLoader.BUNDLED)) {
      bundled = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    int start = bundled.indexOf("      - id: US-FL-HB3-14");
    int end = bundled.indexOf("    contentRatings:", start);
    Path old = dataDir.resolve("old-rules.yaml");
    String cut = bundled.substring(0, start) + bundled.substring(end);
    java.nio.file.Files.writeString(
        old,
        cut.replace("version: \"" + RuleSetLoader.bundled().version() + "\"", "version: \"old\""));

    CliRun run =
        run(
            "accounts",
            "review",
            "--service",
            "social_network",
            "--at",
            "2026-11-23T10:00:00Z",
            "--since",
            old.toString(),
            "--data-dir",
            dataDir.toString());

    assertThat(run.out())
        .contains("jurisdictions affected: US-FL")
        .contains("+ US-FL US-FL-HB3-14");
    assertThat(run.out()).contains("kid-fl\tUS-FL\tremove_account\tUS-FL-HB3-14");
    assertThat(run.out()).doesNotContain("kid-au");
    assertThat(run.out()).contains("reviewed 2 accounts (1 skipped");
  }
}
