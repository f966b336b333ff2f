package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.core.audit.AuditChain;
import org.vigil.core.audit.AuditCheckpoint;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditSigningKey;
import org.vigil.core.audit.AuditVerifier;
import org.vigil.store.Database;

/**
 * Security review, issue 15 #3: someone with database access rewrote an entry, recomputed every
 * later hash and the head, and {@code vigil audit verify} still said intact. Signed checkpoints
 * kept outside the database expose it.
 */
class AuditCheckpointsTest {

  @TempDir Path dataDir;
  @TempDir Path auditorCopy;

  private CliRun run(String... args) {
    return CliRun.of(args);
  }

  private VigilApp open() {
    return VigilApp.open(
        VigilConfig.fromEnvironment(Map.of()).withDataDir(dataDir).withDemo(false),
        Clock.systemUTC());
  }

  private void addKeys(int count) {
    for (int i = 0; i < count; i++) {
      // --init: the first command creates the data directory's database
      CliRun created =
          run("keys", "create", "--role", "auditor", "--init", "--data-dir", dataDir.toString());
      assertThat(created.exit()).as(created.err()).isZero();
    }
  }

  /**
   * What an intruder with database access does: change one entry, re-link the rest and the head.
   */
  private void rewriteEntryAndRecomputeChain(long seq) {
    List<AuditEntry> entries = new ArrayList<>();
    try (VigilApp app = open()) {
      app.auditStore().forEach(entries::add);
    }
    try (Database db = Database.openEmbedded(dataDir)) {
      db.jdbi()
          .useTransaction(
              h -> {
                String prev = AuditChain.GENESIS;
                for (AuditEntry e : entries) {
                  String actor = e.seq() == seq ? "key:innocent" : e.actor();
                  String hash =
                      AuditChain.link(
                          prev,
                          e.seq(),
                          e.at(),
                          new AuditEvent(actor, e.action(), e.subject(), e.detailsJson()));
                  h.createUpdate(
                          "UPDATE audit_log SET actor = :actor, prev_hash = :prev, entry_hash = :hash"
                              + " WHERE seq = :seq")
                      .bind("actor", actor)
                      .bind("prev", prev)
                      .bind("hash", hash)
                      .bind("seq", e.seq())
                      .execute();
                  prev = hash;
                }
                h.createUpdate("UPDATE audit_head SET entry_hash = :hash WHERE id = 1")
                    .bind("hash", prev)
                    .execute();
              });
    }
  }

  @Test
  void verify_rewrittenAndRelinkedChain_plainPassesCheckpointsFail() throws Exception {
    addKeys(3);
    AuditCheckpoint first;
    try (VigilApp app = open()) {
      first = app.auditCheckpointer().checkpoint().orElseThrow();
      assertThat(app.auditCheckpointer().checkpoint()).as("nothing new to sign").isEmpty();
    }
    assertThat(first.seq()).isEqualTo(3);
    Path keyFile = dataDir.resolve("audit-signing.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    addKeys(2);
    try (VigilApp app = open()) {
      assertThat(app.auditCheckpointer().checkpoint().orElseThrow().seq()).isEqualTo(5);
    }
    // The auditor keeps a copy where the database's administrators cannot write.
    Path copy = auditorCopy.resolve("checkpoints.jsonl");
    Files.copy(dataDir.resolve("audit-checkpoints.jsonl"), copy);
    assertThat(Files.readAllLines(copy)).hasSize(2);
    CliRun before =
        run("audit", "verify", "--data-dir", dataDir.toString(), "--checkpoints", copy.toString());
    assertThat(before.exit()).as(before.out() + before.err()).isZero();
    assertThat(before.out()).contains("agrees with 2 signed checkpoints");

    rewriteEntryAndRecomputeChain(2);

    // The blind spot of the chain alone: a consistent rewrite passes.
    CliRun plain = run("audit", "verify", "--data-dir", dataDir.toString());
    assertThat(plain.exit()).isZero();
    assertThat(plain.out()).contains("intact: 5 entries").contains("no --checkpoints");

    CliRun anchored =
        run("audit", "verify", "--data-dir", dataDir.toString(), "--checkpoints", copy.toString());
    assertThat(anchored.exit()).isEqualTo(1);
    assertThat(anchored.out())
        .contains("BROKEN at entry 3")
        .contains("disagrees with the checkpoint");
    assertThat(anchored.err()).isEmpty();
  }

  @Test
  void verify_truncatedLog_failsAgainstCheckpoint() throws Exception {
    addKeys(4);
    try (VigilApp app = open()) {
      app.auditCheckpointer().checkpoint().orElseThrow();
    }
    try (Database db = Database.openEmbedded(dataDir)) {
      db.jdbi()
          .useTransaction(
              h -> {
                String hash =
                    h.createQuery("SELECT entry_hash FROM audit_log WHERE seq = 2")
                        .mapTo(String.class)
                        .one();
                h.execute("DELETE FROM audit_log WHERE seq > 2");
                h.createUpdate("UPDATE audit_head SET seq = 2, entry_hash = :hash WHERE id = 1")
                    .bind("hash", hash)
                    .execute();
              });
    }
    assertThat(run("audit", "verify", "--data-dir", dataDir.toString()).exit()).isZero();
    CliRun anchored =
        run(
            "audit",
            "verify",
            "--data-dir",
            dataDir.toString(),
            "--checkpoints",
            dataDir.resolve("audit-checkpoints.jsonl").toString());
    assertThat(anchored.exit()).isEqualTo(1);
    assertThat(anchored.out()).contains("entries missing");
  }

  @Test
  void verify_checkpointsByAnotherKeyOrForged_fail() throws Exception {
    addKeys(2);
    try (VigilApp app = open()) {
      app.auditCheckpointer().checkpoint().orElseThrow();
      AuditCheckpoint real = app.auditCheckpointLog().all().get(0);
      String otherKey = AuditSigningKey.generate().publicKeyBase64();
      AuditVerifier verifier = new AuditVerifier(app.auditStore());
      assertThat(verifier.verify(List.of(real), real.publicKey()).intact()).isTrue();
      assertThat(verifier.verify(List.of(real), otherKey).intact()).isFalse();
      AuditCheckpoint forged =
          new AuditCheckpoint(
              real.seq(),
              "f".repeat(64),
              real.signedAt(),
              real.keyId(),
              real.publicKey(),
              real.signature());
      assertThat(verifier.verify(List.of(forged), null).firstBreak().orElseThrow().reason())
          .contains("signature is invalid");
    }
  }

  @Test
  void verify_malformedCheckpointFile_oneLineUsageError() throws Exception {
    Path bad = auditorCopy.resolve("bad.jsonl");
    Files.writeString(bad, "{\"seq\": \"not a number\"}\n");
    CliRun run =
        run("audit", "verify", "--data-dir", dataDir.toString(), "--checkpoints", bad.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("bad.jsonl line 1").doesNotContain("\tat ");
  }
}
