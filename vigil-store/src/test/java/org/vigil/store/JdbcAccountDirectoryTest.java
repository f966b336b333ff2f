package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.Account;
import org.vigil.core.intake.AgeSignal;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.intake.SignalSource;
import org.vigil.core.minors.DecideService;
import org.vigil.core.minors.ExistingAccountsReview;
import org.vigil.core.minors.MinorProtectionCheck;
import org.vigil.core.minors.ReviewAction;
import org.vigil.core.minors.ReviewFinding;
import org.vigil.core.minors.RuleSetLoader;

/** Registered accounts and the review outbox, against a real PostgreSQL server. */
class JdbcAccountDirectoryTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  private static Account teen(String id, Set<String> connections) {
    return new Account(
        id,
        "AU",
        LocalDate.of(2011, 3, 2),
        ZoneId.of("Australia/Sydney"),
        List.of(
            new AgeSignal(
                SignalSource.ESTIMATE,
                "facial",
                null,
                14,
                16,
                0.87,
                AssuranceLevel.STANDARD,
                NOW.minusSeconds(86_400))),
        connections,
        false,
        NOW);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void put_thenFind_roundTripsEveryField(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      Account account = teen("acc-1", Set.of("acc-2", "acc-3"));

      accounts.put(account);

      assertThat(accounts.find("acc-1")).contains(account);
      assertThat(accounts.find("nobody")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void connected_eitherDirection_trueOnlyForAcceptedPairs(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      accounts.put(teen("acc-1", Set.of("acc-2")));
      accounts.put(teen("acc-3", Set.of()));

      assertThat(accounts.connected("acc-1", "acc-2")).isTrue();
      assertThat(accounts.connected("acc-2", "acc-1")).isTrue();
      assertThat(accounts.connected("acc-1", "acc-3")).isFalse();
      assertThat(accounts.findProfile("acc-1").orElseThrow().connections()).isEmpty();
      assertThat(accounts.findProfile("acc-1").orElseThrow().ageSignals()).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void put_existingAccount_replacesFieldsAndConnections(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      accounts.put(teen("acc-1", Set.of("acc-2", "acc-3")));
      Account replaced =
          new Account(
              "acc-1", "FR", null, null, List.of(), Set.of("acc-9"), true, NOW.plusSeconds(5));

      accounts.put(replaced);

      assertThat(accounts.find("acc-1")).contains(replaced);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void page_walksAllAccountsInIdOrderWithConnections(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      for (String id : List.of("c", "a", "e", "b", "d")) {
        accounts.put(teen(id, Set.of("x-" + id)));
      }

      List<Account> first = accounts.page(null, 2);
      List<Account> second = accounts.page("b", 2);
      List<Account> last = accounts.page("d", 2);

      assertThat(first).extracting(Account::id).containsExactly("a", "b");
      assertThat(second).extracting(Account::id).containsExactly("c", "d");
      assertThat(last).extracting(Account::id).containsExactly("e");
      assertThat(second.get(1).connections()).containsExactly("x-d");
      assertThat(accounts.page("e", 2)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void review_overStoredAccounts_recordsEachActionOnce(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      accounts.put(teen("teen", Set.of()));
      accounts.put(
          new Account(
              "adult",
              "AU",
              null,
              null,
              List.of(
                  new AgeSignal(
                      SignalSource.VERIFIED,
                      "document",
                      LocalDate.of(1990, 1, 1),
                      null,
                      null,
                      null,
                      null,
                      null)),
              Set.of(),
              false,
              NOW));
      MinorProtectionCheck check = new MinorProtectionCheck(RuleSetLoader.bundled());
      ExistingAccountsReview review =
          new ExistingAccountsReview(
              accounts,
              new DecideService(
                  accounts,
                  check.jurisdictions(),
                  List.of(check),
                  Clock.fixed(NOW, ZoneOffset.UTC)));

      for (int run = 0; run < 2; run++) {
        review.run(
            ServiceCategory.SOCIAL_NETWORK,
            NOW,
            (ReviewFinding finding) ->
                outbox.record(
                    finding,
                    ServiceCategory.SOCIAL_NETWORK,
                    finding.decision().dataVersion(),
                    NOW));
      }

      List<ReviewAction> actions = outbox.after(0, 10);
      assertThat(actions).hasSize(1);
      assertThat(actions.get(0).accountId()).isEqualTo("teen");
      assertThat(actions.get(0).action()).isEqualTo("remove_account");
      assertThat(actions.get(0).rules()).containsExactly("AU-SMMA-16");
      assertThat(actions.get(0).policyVersion())
          .isEqualTo("minors@" + RuleSetLoader.bundled().version());
      assertThat(outbox.after(actions.get(0).id(), 10)).isEmpty();
    }
  }
}
