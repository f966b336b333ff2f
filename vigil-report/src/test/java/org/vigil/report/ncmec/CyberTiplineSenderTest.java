package org.vigil.report.ncmec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.evidence.PreserveRequest;
import org.vigil.core.evidence.RetentionPolicy;
import org.vigil.core.reports.AuthorityReports;
import org.vigil.core.reports.Filing;
import org.vigil.core.reports.FilingState;
import org.vigil.core.review.NoticeIntake;
import org.vigil.core.review.NoticeRequest;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.Triage;
import org.vigil.core.review.TriageRules;
import org.vigil.core.testing.MutableClock;
import org.vigil.store.Database;
import org.vigil.store.DirectoryEvidenceBlobs;
import org.vigil.store.JdbcAuditStore;
import org.vigil.store.JdbcCaseStore;
import org.vigil.store.JdbcEvidenceStore;
import org.vigil.store.JdbcFilingStore;
import org.vigil.store.TestDatabases;

/**
 * From a case to a filed CyberTipline report: notice → case → preserved evidence (encrypted) →
 * report requested → confirmed by a second specialist → sent by the job → filed with the file, the
 * report id on the filing. A grooming notice with no media becomes a valid text-only report.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CyberTiplineSenderTest {

  private static final byte[] IMAGE = "benign synthetic picture".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private CyberTiplineTestServer ncmec;
  private Database database;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
  private JdbcCaseStore caseStore;
  private JdbcFilingStore filingStore;
  private NoticeIntake intake;
  private EvidenceVault vault;
  private AuthorityReports reports;
  private CyberTiplineSender sender;
  private JdbcAuditStore auditStore;

  @BeforeEach
  void start() throws Exception {
    ncmec = new CyberTiplineTestServer();
    database = TestDatabases.freshPostgres();
    auditStore = new JdbcAuditStore(database);
    AuditLog audit = new AuditLog(auditStore, clock);
    caseStore = new JdbcCaseStore(database);
    filingStore = new JdbcFilingStore(database);
    intake =
        new NoticeIntake(
            caseStore,
            new Triage(TriageRules.bundled()),
            id -> "p:" + id,
            (tenant, id) -> false,
            audit,
            clock);
    byte[] key = new byte[32];
    key[0] = 7;
    vault =
        new EvidenceVault(
            new JdbcEvidenceStore(database),
            new DirectoryEvidenceBlobs(dir.resolve("vault")),
            new EnvelopeCipher(key),
            RetentionPolicy.standard(),
            audit,
            clock);
    reports = new AuthorityReports(filingStore, caseStore, audit, true);
    sender =
        new CyberTiplineSender(
            new CyberTiplineClient(
                ncmec.base(), CyberTiplineTestServer.USER, CyberTiplineTestServer.PASSWORD),
            filingStore,
            caseStore,
            vault,
            new CaseReportBuilder(CyberTiplineXmlTest.REPORTER, "ExampleForum"),
            clock);
  }

  @AfterEach
  void stop() {
    ncmec.close();
    database.close();
  }

  private ReviewCase notice(String category, String contentId) {
    return intake
        .submit(
            "default",
            new NoticeRequest(
                new NoticeTarget(contentId, "user-12", null, null),
                category,
                "reported by a user",
                "anonymous",
                null,
                null,
                null,
                true),
            "key:platform")
        .reviewCase();
  }

  @Test
  void csamCase_preservedRequestedConfirmedSent_filedWithTheEncryptedFile() {
    ReviewCase reviewCase = notice("csam", "post-77");
    vault.preserve(
        new PreserveRequest("default", reviewCase.id(), "post-77", "image/png", "US", IMAGE),
        "key:platform");

    Filing requested = reports.request("default", reviewCase.id(), "key:specialist-a");
    assertThat(requested.state()).isEqualTo(FilingState.AWAITING_CONFIRMATION);
    assertThat(sender.sendDue()).isZero();
    assertThat(ncmec.reports).isEmpty();
    assertThatThrownBy(() -> reports.confirm("default", reviewCase.id(), "key:specialist-a"))
        .isInstanceOf(VigilException.class)
        .hasMessageContaining("second specialist");
    reports.confirm("default", reviewCase.id(), "key:specialist-b");

    assertThat(sender.sendDue()).isEqualTo(1);

    Filing filed = reports.status("default", reviewCase.id());
    assertThat(filed.state()).isEqualTo(FilingState.FILED);
    assertThat(ncmec.finishedReports())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.id).isEqualTo(filed.reportId());
              assertThat(r.files.values()).singleElement().isEqualTo(IMAGE);
              assertThat(r.xml).contains("Child Pornography");
            });
    List<String> actions = new ArrayList<>();
    auditStore.forEach(e -> actions.add(e.action()));
    assertThat(actions).containsSubsequence("report.request", "report.confirm", "evidence.read");
    assertThat(reports.request("default", reviewCase.id(), "key:specialist-a").id())
        .isEqualTo(filed.id());
  }

  @Test
  void sendDue_reportMadeLongAfterPreservation_evidenceKeptAYearFromTheReport() {
    ReviewCase reviewCase = notice("csam", "post-78");
    EvidenceItem item =
        vault.preserve(
            new PreserveRequest("default", reviewCase.id(), "post-78", "image/png", "US", IMAGE),
            "key:platform");
    assertThat(item.retainUntil()).isEqualTo(Instant.parse("2027-12-05T10:00:00Z"));
    reports.request("default", reviewCase.id(), "key:specialist-a");
    // The report waits three months for its confirmation.
    clock.advance(Duration.ofDays(90));
    reports.confirm("default", reviewCase.id(), "key:specialist-b");
    Instant reportedAt = clock.instant();

    assertThat(sender.sendDue()).isEqualTo(1);

    EvidenceItem kept = vault.describe("default", item.id());
    Instant yearAfterReport = reportedAt.atZone(ZoneOffset.UTC).plusYears(1).toInstant();
    assertThat(kept.retainUntil()).isAfterOrEqualTo(yearAfterReport);
    // A year after the preservation (before a year after the report) it is still there...
    clock.set(item.retainUntil().plus(Duration.ofDays(1)));
    assertThat(vault.deleteExpired()).isZero();
    assertThat(vault.read("default", item.id(), "key:specialist-a")).isEqualTo(IMAGE);
    // ...and once the extended date has passed, the retention job destroys it.
    clock.set(kept.retainUntil().plusSeconds(1));
    assertThat(vault.deleteExpired()).isEqualTo(1);
    List<String> actions = new ArrayList<>();
    auditStore.forEach(e -> actions.add(e.action()));
    assertThat(actions).containsSubsequence("evidence.retain", "evidence.delete");
    assertThat(actions.stream().filter("evidence.retain"::equals)).hasSize(1);
  }

  @Test
  void groomingNoticeWithoutMedia_textOnlyEnticementReportFiled() {
    ReviewCase reviewCase = notice("grooming", "dm-thread-9");
    reports.request("default", reviewCase.id(), "key:specialist-a");
    reports.confirm("default", reviewCase.id(), "key:specialist-b");

    assertThat(sender.sendDue()).isEqualTo(1);

    assertThat(ncmec.finishedReports())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.files).isEmpty();
              assertThat(r.xml).contains("Online Enticement of Children for Sexual Acts");
            });
    assertThat(ncmec.calls).containsSubsequence("/submit", "/finish").doesNotContain("/upload");
  }

  @Test
  void request_unknownCase_notFound() {
    assertThatThrownBy(() -> reports.request("default", "case_nope", "key:s"))
        .isInstanceOf(VigilException.class)
        .hasMessageContaining("does not exist");
  }
}
