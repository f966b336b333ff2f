package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.Verdict;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.evidence.RetentionPolicy;
import org.vigil.core.records.DecisionIds;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.review.NoticeIntake;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.Triage;
import org.vigil.core.review.TriageRules;
import org.vigil.core.testing.MutableClock;
import org.vigil.core.usecases.PolicyActions;
import org.vigil.core.usecases.ScannedMedia;

/**
 * The policy's case actions on a real database and vault directory: what happens without a vault,
 * metadata-only evidence, one copy of the same bytes per case, and account decisions.
 */
class PolicyActionsTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  @TempDir Path dir;

  private record Wired(
      Database db, PolicyActions actions, JdbcCaseStore cases, JdbcAuditStore audit)
      implements AutoCloseable {
    @Override
    public void close() {
      db.close();
    }
  }

  private Wired wire(boolean withVault) {
    Database db = TestDatabases.freshPostgres();
    MutableClock clock = new MutableClock(T0);
    JdbcAuditStore auditStore = new JdbcAuditStore(db);
    AuditLog audit = new AuditLog(auditStore, clock);
    JdbcCaseStore cases = new JdbcCaseStore(db);
    NoticeIntake intake =
        new NoticeIntake(
            cases,
            new Triage(TriageRules.bundled()),
            id -> "p:" + id,
            (tenant, id) -> false,
            audit,
            clock);
    EvidenceVault vault = null;
    if (withVault) {
      byte[] key = new byte[32];
      key[3] = 7;
      vault =
          new EvidenceVault(
              new JdbcEvidenceStore(db),
              new DirectoryEvidenceBlobs(dir.resolve("vault")),
              new EnvelopeCipher(key),
              RetentionPolicy.standard(),
              audit,
              clock);
    }
    PolicyActions actions =
        new PolicyActions(
            new JdbcDecisionLog(db), new JdbcPolicyActionStore(db, cases), intake, vault);
    return new Wired(db, actions, cases, auditStore);
  }

  private static DecisionRecord decision(
      DecisionKind kind, String subject, Map<String, Object> context, ActionType... types) {
    List<Action> actions = new ArrayList<>();
    for (ActionType type : types) {
      actions.add(Action.of(type));
    }
    return new DecisionRecord(
        DecisionIds.next(T0),
        "default",
        kind,
        subject,
        List.of(),
        "v1",
        List.of(),
        Verdict.BLOCK,
        actions,
        "key:test",
        T0,
        context,
        null,
        List.of());
  }

  private static List<AuditEvent> scanAudit(DecisionRecord d) {
    return List.of(new AuditEvent("key:test", "scan.decide", "decision:" + d.id(), "{}"));
  }

  @Test
  void commit_preserveWithoutVault_recordsItCouldNotAndAuditsIt() {
    try (Wired w = wire(false)) {
      DecisionRecord asked =
          decision(
              DecisionKind.CONTENT,
              "post-1",
              Map.of("platform", Map.of("contentId", "post-1")),
              ActionType.BLOCK,
              ActionType.PRESERVE_EVIDENCE);

      DecisionRecord stored = w.actions().commit(asked, scanAudit(asked), null);

      assertThat(stored.caseId()).startsWith("case_");
      @SuppressWarnings("unchecked")
      Map<String, Object> evidence = (Map<String, Object>) stored.context().get("evidence");
      assertThat(evidence).containsEntry("state", "not_preserved");
      assertThat(evidence.get("reason").toString()).contains("no evidence vault");
      List<String> actions = new ArrayList<>();
      w.audit().forEach(e -> actions.add(e.action()));
      assertThat(actions)
          .contains("scan.decide", "case.opened_by_policy", "evidence.not_preserved")
          .doesNotContain("evidence.preserve");
      assertThat(new JdbcDecisionLog(w.db()).find("default", asked.id()).orElseThrow().caseId())
          .isEqualTo(stored.caseId());
    }
  }

  @Test
  void commit_hashOnlyScan_preservesTheDecisionsMetadataUnderTheDigestCase() throws Exception {
    try (Wired w = wire(true)) {
      DecisionRecord asked =
          decision(
              DecisionKind.CONTENT,
              null,
              Map.of("hashes", Map.of("sha256", "ab".repeat(32)), "platform", Map.of()),
              ActionType.PRESERVE_EVIDENCE);

      DecisionRecord stored = w.actions().commit(asked, scanAudit(asked), null);

      ReviewCase c = w.cases().find("default", stored.caseId()).orElseThrow();
      assertThat(c.target().contentId()).isEqualTo("sha256:" + "ab".repeat(32));
      List<EvidenceItem> items = new JdbcEvidenceStore(w.db()).bySource("default", c.id());
      assertThat(items)
          .singleElement()
          .extracting(EvidenceItem::mediaType)
          .isEqualTo("application/json");
      // The blob on disk is ciphertext: the decision id it describes is not readable in it.
      for (Path blob : blobs()) {
        assertThat(new String(Files.readAllBytes(blob), StandardCharsets.ISO_8859_1))
            .doesNotContain(asked.id());
      }
    }
  }

  @Test
  void commit_sameBytesTwiceOnOneContent_oneCaseOneCopyNoStrayBlob() throws Exception {
    try (Wired w = wire(true)) {
      byte[] image = "benign synthetic bytes".getBytes(StandardCharsets.UTF_8);
      String caseId = null;
      for (int i = 0; i < 2; i++) {
        DecisionRecord asked =
            decision(
                DecisionKind.CONTENT,
                "post-2",
                Map.of("platform", Map.of("contentId", "post-2", "userId", "u-9")),
                ActionType.PRESERVE_EVIDENCE,
                ActionType.REPORT_AUTHORITY);
        DecisionRecord stored =
            w.actions()
                .commit(
                    asked, scanAudit(asked), new ScannedMedia("image/png", "image", () -> image));
        caseId = caseId == null ? stored.caseId() : caseId;
        assertThat(stored.caseId()).isEqualTo(caseId);
      }
      assertThat(new JdbcEvidenceStore(w.db()).bySource("default", caseId)).hasSize(1);
      assertThat(blobs()).hasSize(1);
      ReviewCase c = w.cases().find("default", caseId).orElseThrow();
      assertThat(c.target().accountId()).isEqualTo("u-9");
      assertThat(c.category().wireName()).isEqualTo("csam");
      assertThat(new JdbcFilingStore(w.db()).byCase("default", caseId).orElseThrow().requestedBy())
          .isEqualTo(PolicyActions.ACTOR);
      List<AuditEntry> requests = new ArrayList<>();
      w.audit()
          .forEach(
              e -> {
                if (e.action().equals("report.request")) {
                  requests.add(e);
                }
              });
      assertThat(requests).as("the second decision joined the first's filing").hasSize(1);
    }
  }

  @Test
  void commit_accountDecisionQueuedForReview_opensCaseOnTheAccount() {
    try (Wired w = wire(true)) {
      DecisionRecord asked =
          decision(DecisionKind.ACCOUNT_ACTION, "acct-5", Map.of(), ActionType.QUEUE_REVIEW);

      DecisionRecord stored = w.actions().commit(asked, scanAudit(asked), null);

      ReviewCase c = w.cases().find("default", stored.caseId()).orElseThrow();
      assertThat(c.target().contentId()).isEqualTo("account:acct-5");
      assertThat(c.target().accountId()).isEqualTo("acct-5");
      assertThat(c.policyDecisionId()).isEqualTo(asked.id());
    }
  }

  @Test
  void commit_noCaseAction_storesTheDecisionAlone() {
    try (Wired w = wire(true)) {
      DecisionRecord asked = decision(DecisionKind.CONTENT, "post-3", Map.of(), ActionType.BLOCK);

      DecisionRecord stored = w.actions().commit(asked, scanAudit(asked), null);

      assertThat(stored.caseId()).isNull();
      assertThat(new JdbcDecisionLog(w.db()).find("default", asked.id())).isPresent();
      List<String> actions = new ArrayList<>();
      w.audit().forEach(e -> actions.add(e.action()));
      assertThat(actions).doesNotContain("case.opened_by_policy");
    }
  }

  private List<Path> blobs() throws Exception {
    Path vault = dir.resolve("vault");
    if (!Files.isDirectory(vault)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(vault)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
