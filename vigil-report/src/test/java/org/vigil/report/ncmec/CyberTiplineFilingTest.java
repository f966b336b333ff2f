package org.vigil.report.ncmec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.reports.Filing;
import org.vigil.core.reports.FilingState;
import org.vigil.core.reports.FilingStore;
import org.vigil.core.testing.MutableClock;
import org.vigil.store.Database;
import org.vigil.store.JdbcFilingStore;
import org.vigil.store.TestDatabases;

/**
 * Filing through the protocol against the test server, state on a real PostgreSQL. A crash is a
 * store that dies at a chosen save, after NCMEC acted on a call and before Vigil recorded it; a
 * fresh filing over the same database then resumes, as a restarted process would.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CyberTiplineFilingTest {

  private static final byte[] IMAGE = "benign synthetic picture".getBytes();
  private static final Function<String, byte[]> EVIDENCE = id -> IMAGE;

  private CyberTiplineTestServer ncmec;
  private Database database;
  private JdbcFilingStore store;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    ncmec = new CyberTiplineTestServer();
    database = TestDatabases.freshPostgres();
    store = new JdbcFilingStore(database);
  }

  @AfterEach
  void stop() {
    ncmec.close();
    database.close();
  }

  private CyberTiplineClient client(String password) {
    return new CyberTiplineClient(ncmec.base(), CyberTiplineTestServer.USER, password);
  }

  private CyberTiplineFiling filing(FilingStore on) {
    CyberTiplineClient client = client(CyberTiplineTestServer.PASSWORD);
    return new CyberTiplineFiling(client, CyberTiplineSchema.compile(client.schema()), on, clock);
  }

  private Filing newFiling() {
    return store.createOrGet(Filing.start("fil_1", "default", "case_1", "key:specialist", false));
  }

  private Filing stored() {
    return store.find("fil_1").orElseThrow();
  }

  /** A store that dies at the first save matching {@code when}, like a kill -9 at that moment. */
  static final class CrashingStore implements FilingStore {
    private final FilingStore real;
    private final Predicate<Filing> when;

    CrashingStore(FilingStore real, Predicate<Filing> when) {
      this.real = real;
      this.when = when;
    }

    @Override
    public Filing createOrGet(Filing filing) {
      return real.createOrGet(filing);
    }

    @Override
    public Optional<Filing> find(String id) {
      return real.find(id);
    }

    @Override
    public Optional<Filing> byCase(String tenant, String caseId) {
      return real.byCase(tenant, caseId);
    }

    @Override
    public java.util.List<Filing> sending(int limit) {
      return real.sending(limit);
    }

    @Override
    public void save(Filing filing) {
      if (when.test(filing)) {
        throw new IllegalStateException("simulated crash");
      }
      real.save(filing);
    }
  }

  @Test
  void advance_imageReport_filedWithTheFileAndItsDetails() {
    Filing filed =
        filing(store).advance(newFiling(), CyberTiplineXmlTest.imageReport("ev_1", "B2"), EVIDENCE);

    assertThat(filed.state()).isEqualTo(FilingState.FILED);
    assertThat(ncmec.finishedReports()).hasSize(1);
    CyberTiplineTestServer.Report report = ncmec.finishedReports().get(0);
    assertThat(filed.reportId()).isEqualTo(report.id);
    assertThat(report.files.values()).singleElement().isEqualTo(IMAGE);
    assertThat(report.details).hasSize(1);
    assertThat(stored().state()).isEqualTo(FilingState.FILED);
    assertThat(stored().reportId()).isEqualTo(report.id);
  }

  @Test
  void advance_textOnlyEnticement_filedWithNoFiles() {
    Filing filed =
        filing(store).advance(newFiling(), CyberTiplineXmlTest.enticementReport(), EVIDENCE);

    assertThat(filed.state()).isEqualTo(FilingState.FILED);
    assertThat(ncmec.finishedReports())
        .singleElement()
        .satisfies(r -> assertThat(r.files).isEmpty());
    assertThat(ncmec.calls).containsExactly("/xsd", "/submit", "/finish");
  }

  @Test
  void advance_incidentInTheFuture_failedBeforeAnythingIsSent() {
    CyberTiplineReport report = CyberTiplineXmlTest.enticementReport();
    clock.set(report.incidentTime().minusSeconds(30));

    Filing failed = filing(store).advance(newFiling(), report, EVIDENCE);

    assertThat(failed.state()).isEqualTo(FilingState.FAILED);
    assertThat(failed.failure()).contains("in the future");
    assertThat(ncmec.calls).doesNotContain("/submit");
    assertThat(ncmec.reports).isEmpty();
  }

  @Test
  void advance_crashAfterSubmitBeforeRecording_restartFilesOnce() {
    CrashingStore crashing = new CrashingStore(store, f -> f.reportId() != null);
    assertThatThrownBy(
            () ->
                filing(crashing)
                    .advance(newFiling(), CyberTiplineXmlTest.imageReport("ev_1", null), EVIDENCE))
        .hasMessageContaining("simulated crash");
    assertThat(stored().inFlight()).isEqualTo("submit");

    Filing filed =
        filing(store).advance(stored(), CyberTiplineXmlTest.imageReport("ev_1", null), EVIDENCE);

    assertThat(filed.state()).isEqualTo(FilingState.FILED);
    assertThat(ncmec.finishedReports()).hasSize(1);
    assertThat(ncmec.finishedReports().get(0).files).hasSize(1);
  }

  @Test
  void advance_crashAfterUploadBeforeRecording_oldReportRetractedNewOneFiledOnce() {
    CrashingStore crashing = new CrashingStore(store, f -> !f.uploads().isEmpty());
    assertThatThrownBy(
            () ->
                filing(crashing)
                    .advance(newFiling(), CyberTiplineXmlTest.imageReport("ev_1", null), EVIDENCE))
        .hasMessageContaining("simulated crash");
    long abandoned = stored().reportId();

    Filing filed =
        filing(store).advance(stored(), CyberTiplineXmlTest.imageReport("ev_1", null), EVIDENCE);

    assertThat(filed.state()).isEqualTo(FilingState.FILED);
    assertThat(ncmec.reports.get(abandoned).retracted).isTrue();
    assertThat(ncmec.finishedReports())
        .singleElement()
        .satisfies(r -> assertThat(r.files).hasSize(1));
  }

  @Test
  void advance_crashAfterFinishBeforeRecording_alreadyFinishedCountsAsFiled() {
    CrashingStore crashing = new CrashingStore(store, f -> f.state() == FilingState.FILED);
    assertThatThrownBy(
            () ->
                filing(crashing)
                    .advance(newFiling(), CyberTiplineXmlTest.enticementReport(), EVIDENCE))
        .hasMessageContaining("simulated crash");
    assertThat(stored().inFlight()).isEqualTo("finish");

    Filing filed =
        filing(store).advance(stored(), CyberTiplineXmlTest.enticementReport(), EVIDENCE);

    assertThat(filed.state()).isEqualTo(FilingState.FILED);
    assertThat(ncmec.finishedReports()).hasSize(1);
    assertThat(ncmec.reports).hasSize(1);
  }

  @Test
  void advance_transientOutageOnUpload_retryableThenFiledOnce() {
    ncmec.failNext = "/upload";
    CyberTiplineFiling filing = filing(store);

    assertThatThrownBy(
            () ->
                filing.advance(
                    newFiling(), CyberTiplineXmlTest.imageReport("ev_1", null), EVIDENCE))
        .isInstanceOfSatisfying(
            CyberTiplineException.class, e -> assertThat(e.retryable()).isTrue());
    Filing filed =
        filing.advance(stored(), CyberTiplineXmlTest.imageReport("ev_1", null), EVIDENCE);

    assertThat(filed.state()).isEqualTo(FilingState.FILED);
    assertThat(ncmec.finishedReports())
        .singleElement()
        .satisfies(r -> assertThat(r.files).hasSize(1));
  }

  @Test
  void advance_openReportOlderThanNcmecKeepsIt_startsAgainFromSubmit() {
    CrashingStore crashing =
        new CrashingStore(store, f -> f.inFlight() != null && f.inFlight().startsWith("upload"));
    assertThatThrownBy(
            () ->
                filing(crashing)
                    .advance(newFiling(), CyberTiplineXmlTest.imageReport("ev_1", null), EVIDENCE))
        .hasMessageContaining("simulated crash");
    Filing openOnly = stored();
    assertThat(openOnly.inFlight()).isNull();
    assertThat(openOnly.reportId()).isNotNull();
    clock.set(clock.instant().plus(Duration.ofHours(2)));

    Filing filed =
        filing(store).advance(openOnly, CyberTiplineXmlTest.imageReport("ev_1", null), EVIDENCE);

    assertThat(filed.state()).isEqualTo(FilingState.FILED);
    assertThat(filed.reportId()).isNotEqualTo(openOnly.reportId());
    assertThat(ncmec.finishedReports()).hasSize(1);
  }

  @Test
  void advance_invalidFileDetails_failedWithTheSchemaReasonAndReportRetracted() {
    Filing failed =
        filing(store).advance(newFiling(), CyberTiplineXmlTest.imageReport("ev_1", "C1"), EVIDENCE);

    assertThat(failed.state()).isEqualTo(FilingState.FAILED);
    assertThat(failed.failure()).contains("schema").contains("C1");
    assertThat(ncmec.finishedReports()).isEmpty();
    assertThat(ncmec.reports.values()).allSatisfy(r -> assertThat(r.retracted).isTrue());
    assertThat(ncmec.calls).doesNotContain("/fileinfo", "/finish");
  }

  @Test
  void advance_wrongPassword_failedNotRetried() {
    CyberTiplineClient good = client(CyberTiplineTestServer.PASSWORD);
    CyberTiplineFiling filing =
        new CyberTiplineFiling(
            client("wrong"), CyberTiplineSchema.compile(good.schema()), store, clock);

    Filing failed = filing.advance(newFiling(), CyberTiplineXmlTest.enticementReport(), EVIDENCE);

    assertThat(failed.state()).isEqualTo(FilingState.FAILED);
    assertThat(failed.failure()).contains("2000");
    assertThat(ncmec.reports).isEmpty();
  }

  @Test
  void client_plainHttpToAnotherHost_refused() {
    assertThatThrownBy(
            () ->
                new CyberTiplineClient(
                    java.net.URI.create("http://report.example.com/ispws"), "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }
}
