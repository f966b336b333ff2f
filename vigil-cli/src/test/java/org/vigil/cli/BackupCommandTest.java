package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.actions.Verdict;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditVerifier;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.store.Database;
import org.vigil.store.JdbcAuditStore;
import org.vigil.store.JdbcDecisionLog;

/** {@code vigil backup} while writes go on, and {@code vigil restore} into a new directory. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BackupCommandTest {

  @TempDir Path source;
  @TempDir Path restored;
  @TempDir Path files;

  private static DecisionCommit commit(String id) {
    return new DecisionCommit(
        new DecisionRecord(
            id,
            "default",
            DecisionKind.CONTENT,
            null,
            List.of(),
            "v1",
            List.of(),
            Verdict.ALLOW,
            List.of(),
            "key:t",
            Instant.parse("2026-03-01T12:00:00Z"),
            Map.of("hashes", Map.of("md5", "00")),
            null,
            List.of()),
        List.of(new AuditEvent("key:t", "scan.decide", "decision:" + id, "{}")),
        List.of());
  }

  private static int count(Database db, String sql) {
    return db.jdbi().withHandle(h -> h.select(sql).mapTo(Integer.class).one());
  }

  @Test
  void backupThenRestore_whileWriting_restoresOneConsistentSnapshot() throws Exception {
    Path file = files.resolve("vigil.backup");
    try (Database db = Database.openEmbedded(source)) {
      JdbcDecisionLog decisions = new JdbcDecisionLog(db);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger written = new AtomicInteger();
      Thread writer =
          new Thread(
              () -> {
                while (!stop.get()) {
                  String id = "dec_" + written.incrementAndGet();
                  decisions.append(commit(id));
                }
              });
      writer.start();
      while (written.get() < 200) {
        Thread.sleep(10);
      }
      CliRun backup =
          CliRun.of("backup", "--out", file.toString(), "--data-dir", source.toString());
      stop.set(true);
      writer.join();
      assertThat(backup.exit()).as(backup.err()).isZero();
      assertThat(backup.out()).startsWith("backup: ");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }

    CliRun restore = CliRun.of("restore", file.toString(), "--data-dir", restored.toString());
    assertThat(restore.exit()).as(restore.err()).isZero();
    try (Database db = Database.openEmbedded(restored)) {
      int decisions = count(db, "SELECT count(*) FROM decisions");
      // One snapshot: every decision has its audit entry and no entry lacks its decision.
      assertThat(decisions).isGreaterThanOrEqualTo(200);
      assertThat(count(db, "SELECT count(*) FROM audit_log WHERE action_name = 'scan.decide'"))
          .isEqualTo(decisions);
      JdbcAuditStore audit = new JdbcAuditStore(db);
      AuditVerifier.Result chain = new AuditVerifier(audit).verify();
      assertThat(chain.intact()).isTrue();
      assertThat(audit.head().seq()).isEqualTo(chain.checked());
      // The restored store keeps working: a new append links onto the restored head.
      new JdbcDecisionLog(db).append(commit("dec_after"));
      assertThat(new AuditVerifier(audit).verify().intact()).isTrue();
    }
  }

  @Test
  void restore_intoDirectoryWithData_refusedWithOneLine() throws Exception {
    Path file = files.resolve("vigil.backup");
    try (Database db = Database.openEmbedded(source)) {
      assertThat(db.describe()).contains("embedded");
    }
    assertThat(
            CliRun.of("backup", "--out", file.toString(), "--data-dir", source.toString()).exit())
        .isZero();
    CliRun again = CliRun.of("restore", file.toString(), "--data-dir", source.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err().strip())
        .startsWith("vigil: ")
        .contains("empty database")
        .doesNotContain("\n");
  }

  @Test
  void restore_notABackup_refusedWithOneLine() throws Exception {
    Path file = files.resolve("notes.txt");
    Files.writeString(file, "not a backup");
    CliRun run = CliRun.of("restore", file.toString(), "--data-dir", restored.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("vigil: ").contains("not a Vigil backup");
  }
}
