package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.VideoThresholds;

/** A bank's video thresholds (V91) on a real PostgreSQL server. */
class BankVideoThresholdsStoreTest {

  private static final Instant T0 = Instant.parse("2026-12-05T04:00:00.123Z");

  @Test
  void insertAndUpdate_videoThresholds_roundTrip() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcBankStore store = new JdbcBankStore(db);
      VideoThresholds custom = new VideoThresholds(12, 55.5, 66.25, 0.8, 0.9);
      Bank bank = new Bank("videos", "", 31, BankAction.BLOCK, true, T0, T0, custom);

      assertThat(store.insert(bank)).isTrue();
      assertThat(store.find("videos").orElseThrow().video()).isEqualTo(custom);

      VideoThresholds changed = new VideoThresholds(0, 100, 0, 0, 1);
      assertThat(
              store.update(
                  new Bank(
                      "videos", "", 31, BankAction.BLOCK, true, T0, T0.plusSeconds(1), changed)))
          .isTrue();
      assertThat(store.find("videos").orElseThrow().video()).isEqualTo(changed);
      assertThat(store.list()).extracting(Bank::video).containsExactly(changed);
    }
  }

  @Test
  void insert_withoutVideoThresholds_storesTodaysDefaults() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcBankStore store = new JdbcBankStore(db);
      store.insert(new Bank("plain", "", 31, BankAction.REVIEW, true, T0, T0));

      VideoThresholds stored = store.find("plain").orElseThrow().video();

      assertThat(stored).isEqualTo(VideoThresholds.DEFAULT);
      assertThat(stored).isEqualTo(new VideoThresholds(31, 0, 80, 0.7, 0.7));
    }
  }

  @Test
  void rowsWrittenBeforeV91_getTheDefaults() {
    try (Database db = TestDatabases.freshPostgres()) {
      // A bank inserted the way the store wrote it before the columns existed.
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "INSERT INTO banks (name, description, pdq_threshold, bank_action, enabled,"
                          + " created_at, updated_at) VALUES ('old', '', 31, 'review', true,"
                          + " now(), now())"));

      assertThat(new JdbcBankStore(db).find("old").orElseThrow().video())
          .isEqualTo(VideoThresholds.DEFAULT);
    }
  }

  @Test
  void checkConstraint_outOfRangeThreshold_isRefusedByTheDatabase() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcBankStore store = new JdbcBankStore(db);
      store.insert(new Bank("guarded", "", 31, BankAction.REVIEW, true, T0, T0));

      assertThatThrownBy(
              () ->
                  Sql.get(
                      () ->
                          db.jdbi()
                              .withHandle(
                                  h ->
                                      h.execute(
                                          "UPDATE banks SET tmk_level1 = 1.5 WHERE name ="
                                              + " 'guarded'"))))
          .isInstanceOf(StoreException.class);
    }
  }
}
