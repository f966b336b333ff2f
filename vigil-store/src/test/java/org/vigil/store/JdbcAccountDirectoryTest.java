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
import org.vigil.core.minors.AccountDirectory;
import org.vigil.core.minors.DecideService;
import org.vigil.core.minors.ExistingAccountsReview;
import org.vigil.core.minors.MinorProtectionCheck;
import org.vigil.core.minors.ReviewAction;
import org.vigil.core.minors.ReviewFinding;
import org.vigil.core.minors.RuleSetLoader;

/** Registered accounts and the review outbox, against a real PostgreSQL server. */
class JdbcAccountDirectoryTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final String T = "default";

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

      accounts.put(T, account);

      assertThat(accounts.find(T, "acc-1")).contains(account);
      assertThat(accounts.find(T, "nobody")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void connected_eitherDirection_trueOnlyForAcceptedPairs(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      accounts.put(T, teen("acc-1", Set.of("acc-2")));
      accounts.put(T, teen("acc-3", Set.of()));

      assertThat(accounts.connected(T, "acc-1", "acc-2")).isTrue();
      assertThat(accounts.connected(T, "acc-2", "acc-1")).isTrue();
      assertThat(accounts.connected(T, "acc-1", "acc-3")).isFalse();
      assertThat(accounts.findProfile(T, "acc-1").orElseThrow().connections()).isEmpty();
      assertThat(accounts.findProfile(T, "acc-1").orElseThrow().ageSignals()).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void put_existingAccount_replacesFieldsAndConnections(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      accounts.put(T, teen("acc-1", Set.of("acc-2", "acc-3")));
      Account replaced =
          new Account(
              "acc-1", "FR", null, null, List.of(), Set.of("acc-9"), true, NOW.plusSeconds(5));

      accounts.put(T, replaced);

      assertThat(accounts.find(T, "acc-1")).contains(replaced);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void page_walksAllAccountsInIdOrderWithConnections(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      for (String id : List.of("c", "a", "e", "b", "d")) {
        accounts.put(T, teen(id, Set.of("x-" + id)));
      }

      List<Account> first = accounts.page(T, null, 2);
      List<Account> second = accounts.page(T, "b", 2);
      List<Account> last = accounts.page(T, "d", 2);

      assertThat(first).extracting(Account::id).containsExactly("a", "b");
      assertThat(second).extracting(Account::id).containsExactly("c", "d");
      assertThat(last).extracting(Account::id).containsExactly("e");
      assertThat(second.get(1).connections()).containsExactly("x-d");
      assertThat(accounts.page(T, "e", 2)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void review_overStoredAccounts_recordsEachActionOnce(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      accounts.put(T, teen("teen", Set.of()));
      accounts.put(
          T,
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
            T,
            ServiceCategory.SOCIAL_NETWORK,
            NOW,
            (ReviewFinding finding) ->
                outbox.record(
                    finding,
                    ServiceCategory.SOCIAL_NETWORK,
                    finding.decision().dataVersion(),
                    NOW));
      }

      List<ReviewAction> actions = outbox.after(T, 0, 10);
      assertThat(actions).hasSize(1);
      assertThat(actions.get(0).accountId()).isEqualTo("teen");
      assertThat(actions.get(0).action()).isEqualTo("remove_account");
      assertThat(actions.get(0).rules()).containsExactly("AU-SMMA-16");
      assertThat(actions.get(0).policyVersion())
          .isEqualTo("minors@" + RuleSetLoader.bundled().version());
      assertThat(outbox.after(T, actions.get(0).id(), 10)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void put_sameIdInTwoTenants_keepsTwoAccountsEachSeenOnlyByItsTenant(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      Account ofA = teen("u-1", Set.of("u-2"));
      Account ofB = new Account("u-1", "FR", null, null, List.of(), Set.of(), true, NOW);

      boolean createdA = accounts.put(T, ofA);
      boolean createdB = accounts.put("forum-b", ofB);
      boolean createdAgain = accounts.put("forum-b", ofB);

      assertThat(createdA).isTrue();
      assertThat(createdB).isTrue();
      assertThat(createdAgain).isFalse();
      assertThat(accounts.find(T, "u-1")).contains(ofA);
      assertThat(accounts.find("forum-b", "u-1")).contains(ofB);
      assertThat(accounts.find("forum-c", "u-1")).isEmpty();
      assertThat(accounts.connected(T, "u-1", "u-2")).isTrue();
      assertThat(accounts.connected("forum-b", "u-1", "u-2")).isFalse();
      assertThat(accounts.page("forum-b", null, 10)).containsExactly(ofB);
      assertThat(accounts.tenants()).containsExactly("default", "forum-b");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void parties_oneRead_givesBothProfilesAndTheConnectionWithinTheTenant(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);
      accounts.put(T, teen("kid", Set.of("aunt")));
      accounts.put(T, teen("aunt", Set.of()));
      accounts.put("forum-b", teen("kid", Set.of()));

      AccountDirectory.Parties both = accounts.parties(T, "aunt", "kid", true);
      AccountDirectory.Parties reversed = accounts.parties(T, "kid", "aunt", true);
      AccountDirectory.Parties unasked = accounts.parties(T, "aunt", "kid", false);
      AccountDirectory.Parties oneUnknown = accounts.parties(T, "stranger", "kid", true);
      AccountDirectory.Parties actorOnly = accounts.parties(T, "kid", null, false);
      AccountDirectory.Parties targetOnly = accounts.parties(T, null, "kid", false);
      AccountDirectory.Parties otherTenant = accounts.parties("forum-b", "aunt", "kid", true);
      AccountDirectory.Parties self = accounts.parties(T, "kid", "kid", true);

      assertThat(both.actor()).contains(accounts.findProfile(T, "aunt").orElseThrow());
      assertThat(both.target()).contains(accounts.findProfile(T, "kid").orElseThrow());
      assertThat(both.connected()).isTrue();
      assertThat(reversed.connected()).isTrue();
      assertThat(unasked.connected()).isFalse();
      assertThat(unasked.target()).isPresent();
      assertThat(oneUnknown.actor()).isEmpty();
      assertThat(oneUnknown.target()).isPresent();
      assertThat(oneUnknown.connected()).isFalse();
      assertThat(actorOnly.actor().orElseThrow().country()).isEqualTo("AU");
      assertThat(actorOnly.target()).isEmpty();
      assertThat(targetOnly.actor()).isEmpty();
      assertThat(targetOnly.target()).isPresent();
      assertThat(otherTenant.actor()).isEmpty();
      assertThat(otherTenant.target()).isPresent();
      assertThat(otherTenant.connected()).isFalse();
      assertThat(self.actor()).isPresent();
      assertThat(self.target()).isPresent();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void parties_afterSync_unregisteredIdsNeedNoRead_registeredOnesAreReadFresh(
      TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db, java.time.Duration.ofHours(1));
      accounts.put(T, teen("kid", Set.of("aunt")));
      accounts.put(T, teen("aunt", Set.of()));
      AccountDirectory.Parties before = accounts.parties(T, "new-1", null, false);
      assertThat(accounts.partiesReads()).as("no sync yet: read").isEqualTo(1);
      accounts.syncRegisteredIds();

      AccountDirectory.Parties unknown = accounts.parties(T, "new-1", "new-2", true);
      AccountDirectory.Parties otherTenant = accounts.parties("forum-b", "kid", null, false);
      assertThat(accounts.partiesReads()).as("neither registered: no read").isEqualTo(1);
      AccountDirectory.Parties both = accounts.parties(T, "aunt", "kid", true);
      AccountDirectory.Parties oneKnown = accounts.parties(T, "new-1", "kid", true);
      assertThat(accounts.partiesReads()).isEqualTo(3);

      AccountDirectory.Parties nobody =
          new AccountDirectory.Parties(
              java.util.Optional.empty(), java.util.Optional.empty(), false);
      assertThat(before).isEqualTo(nobody);
      assertThat(unknown).isEqualTo(nobody);
      assertThat(otherTenant).isEqualTo(nobody);
      assertThat(both.connected()).isTrue();
      assertThat(both.target()).contains(accounts.findProfile(T, "kid").orElseThrow());
      assertThat(oneKnown.actor()).isEmpty();
      assertThat(oneKnown.target()).isPresent();

      // Created through this instance after the sync: seen by the very next decision.
      accounts.put(T, teen("new-1", Set.of()));
      assertThat(accounts.parties(T, "new-1", null, false).actor()).isPresent();
      // An update is read from the database, never from memory.
      Account t = teen("new-1", Set.of());
      accounts.put(
          T,
          new Account(
              t.id(),
              t.country(),
              t.birthDate(),
              t.timeZone(),
              t.ageSignals(),
              t.connections(),
              true,
              t.updatedAt()));
      assertThat(accounts.parties(T, "new-1", null, false).actor().orElseThrow().parentalConsent())
          .isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void parties_accountCreatedByAnotherProcess_seenAfterTheNextSync_orReadWhileTheSyncIsStale()
      throws Exception {
    String url = TestDatabases.postgresUrl();
    try (Database a = Database.open(url, "postgres", "postgres");
        Database b = Database.open(url, "postgres", "postgres")) {
      JdbcAccountDirectory nodeA = new JdbcAccountDirectory(a, java.time.Duration.ofHours(1));
      JdbcAccountDirectory nodeB = new JdbcAccountDirectory(b);
      JdbcAccountDirectory neverTrusts = new JdbcAccountDirectory(a, java.time.Duration.ZERO);
      nodeB.put(T, teen("before-sync", Set.of()));
      nodeA.syncRegisteredIds();
      neverTrusts.syncRegisteredIds();
      assertThat(nodeA.parties(T, "before-sync", null, false).actor()).isPresent();

      // A transaction that takes its xid before others that commit first, and commits only after
      // the next sync: a sync keyed on the highest xid seen would skip it for ever.
      try (java.sql.Connection slow =
          java.sql.DriverManager.getConnection(url, "postgres", "postgres")) {
        slow.setAutoCommit(false);
        try (java.sql.Statement st = slow.createStatement()) {
          st.execute(
              "INSERT INTO accounts (tenant, id, country, parental_consent, age_signals,"
                  + " updated_at) VALUES ('default', 'slow', 'FR', false, '[]', now())");
        }
        nodeB.put(T, teen("by-b", Set.of()));
        // Old code, or any writer that does not name the column: the default records the creator.
        try (java.sql.Connection c =
                java.sql.DriverManager.getConnection(url, "postgres", "postgres");
            java.sql.Statement st = c.createStatement()) {
          st.execute(
              "INSERT INTO accounts (tenant, id, country, parental_consent, age_signals,"
                  + " updated_at) VALUES ('default', 'by-sql', 'FR', true, '[]', now())");
        }
        assertThat(neverTrusts.parties(T, "by-b", null, false).actor()).isPresent();
        nodeA.syncRegisteredIds();
        assertThat(nodeA.parties(T, "by-b", null, false).actor()).isPresent();
        assertThat(nodeA.parties(T, "by-sql", null, false).actor().orElseThrow().parentalConsent())
            .isTrue();
        assertThat(nodeA.parties(T, "slow", null, false).actor()).isEmpty();
        slow.commit();
      }
      nodeA.syncRegisteredIds();
      assertThat(nodeA.parties(T, "slow", null, false).actor()).isPresent();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void reviewActions_sameFindingInTwoTenants_recordedAndListedPerTenant(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      for (String tenant : List.of(T, "forum-b")) {
        outbox.record(
            new ReviewFinding(tenant, "u-1", "AU", "remove_account", List.of("AU-SMMA-16"), null),
            ServiceCategory.SOCIAL_NETWORK,
            "minors@test",
            NOW);
      }

      List<ReviewAction> ofA = outbox.after(T, 0, 10);
      List<ReviewAction> ofB = outbox.after("forum-b", 0, 10);

      assertThat(ofA).extracting(ReviewAction::accountId).containsExactly("u-1");
      assertThat(ofB).extracting(ReviewAction::accountId).containsExactly("u-1");
      assertThat(ofA.get(0).id()).isNotEqualTo(ofB.get(0).id());
      assertThat(outbox.after("forum-c", 0, 10)).isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void migration_accountsBeforeTenants_belongToTheDefaultTenant() throws Exception {
    String url = TestDatabases.postgresUrl();
    org.flywaydb.core.Flyway.configure()
        .dataSource(url, "postgres", "postgres")
        .locations("classpath:db/migration")
        .target("31")
        .load()
        .migrate();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO accounts (id, country, parental_consent, age_signals, updated_at)"
              + " VALUES ('old-1', 'AU', false, '[]', now()), ('old-2', 'FR', false, '[]', now())");
      st.execute("INSERT INTO account_connections VALUES ('old-1', 'old-2')");
      st.execute(
          "INSERT INTO minors_review_actions (created_at, account_id, service, action_name,"
              + " rules, policy_version) VALUES (now(), 'old-1', 'forum', 'remove_account', 'R',"
              + " 'v1')");
    }
    try (Database db = Database.open(url, "postgres", "postgres")) {
      JdbcAccountDirectory accounts = new JdbcAccountDirectory(db);

      assertThat(accounts.find(T, "old-1").orElseThrow().connections()).containsExactly("old-2");
      assertThat(accounts.connected(T, "old-2", "old-1")).isTrue();
      assertThat(accounts.tenants()).containsExactly(T);
      assertThat(new JdbcReviewActionOutbox(db).after(T, 0, 10)).hasSize(1);
    }
  }
}
