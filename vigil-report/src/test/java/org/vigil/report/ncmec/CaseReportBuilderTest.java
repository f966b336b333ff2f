package org.vigil.report.ncmec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.Verdict;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.CaseState;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.Priority;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.signal.HashMatch;

/**
 * A case a policy decision opened becomes a report that says what the platform told Vigil with the
 * scan: the upload's IP, the screen name, the original MD5 and PDQ, generative AI, and the matched
 * list's industry classification; valid against NCMEC's schema.
 */
class CaseReportBuilderTest {

  private static final Instant SCANNED = Instant.parse("2026-12-01T08:00:00Z");
  private static final String SHA = "a".repeat(64);
  private static final String MD5 = "0123456789abcdef0123456789abcdef";
  private static final String PDQ = "f".repeat(64);
  private static final CaseReportBuilder BUILDER =
      new CaseReportBuilder(CyberTiplineXmlTest.REPORTER, "ExampleForum");

  private static ReviewCase policyCase(NoticeCategory category, String decisionId) {
    return new ReviewCase(
        "case_9",
        "default",
        new NoticeTarget("upload-9", null, null, "image"),
        category,
        "csam",
        Priority.HIGH,
        SCANNED.plusSeconds(3600),
        CaseState.OPEN,
        null,
        null,
        0,
        0,
        false,
        true,
        "policy",
        decisionId,
        false,
        false,
        1,
        SCANNED.plusMillis(40),
        SCANNED.plusMillis(40));
  }

  private static DecisionRecord decision(String category, Map<String, Object> platform) {
    Map<String, Object> hashes = new LinkedHashMap<>();
    hashes.put("md5", MD5);
    hashes.put("sha256", SHA);
    hashes.put("pdq", PDQ);
    return new DecisionRecord(
        "dec_0193a1b2c3d4e5f60718293a4b5c6d7e",
        "default",
        DecisionKind.CONTENT,
        "upload-9",
        List.of(new HashMatch("ncmec-hashes", 42, "pdq", 6, category, "ncmec", "block")),
        "pv1",
        List.of(
            new FiredRule(
                "known-csam-close",
                "close PDQ match",
                List.of(Action.of(ActionType.BLOCK), Action.of(ActionType.REPORT_AUTHORITY)),
                null)),
        Verdict.BLOCK,
        List.of(Action.of(ActionType.BLOCK)),
        "key:platform",
        SCANNED,
        Map.of("hashes", hashes, "platform", platform),
        "case_9",
        null);
  }

  private static EvidenceItem item(String sha256) {
    return new EvidenceItem(
        "ev_0123456789abcdef0123456789abcdef",
        "default",
        "case_9",
        "upload-9",
        "image/png",
        1234,
        sha256,
        "US",
        SCANNED.plusMillis(30),
        SCANNED.plusSeconds(86_400 * 365L),
        null,
        null);
  }

  @Test
  void build_policyCaseWithPlatformContext_reportsUploadIpHashesAndClassification()
      throws Exception {
    Map<String, Object> platform = new LinkedHashMap<>();
    platform.put("contentId", "upload-9");
    platform.put("userId", "uploader-3");
    platform.put("screenName", "example_uploader");
    platform.put("ip", "203.0.113.7");
    platform.put("generativeAi", true);
    DecisionRecord decision = decision("A1", platform);

    CyberTiplineReport report =
        BUILDER.build(
            new CaseFile(
                policyCase(NoticeCategory.CSAM, decision.id()), List.of(), List.of(), List.of()),
            List.of(item(SHA)),
            decision);

    assertThat(report.incidentType()).isEqualTo(IncidentType.CHILD_PORNOGRAPHY);
    assertThat(report.incidentTime()).isEqualTo(SCANNED);
    assertThat(report.reported().espIdentifier()).isEqualTo("uploader-3");
    assertThat(report.reported().screenName()).isEqualTo("example_uploader");
    assertThat(report.reported().ipCaptures())
        .containsExactly(new CyberTiplineReport.IpCapture("203.0.113.7", "Upload", SCANNED));
    CyberTiplineReport.ReportedFile file = report.files().get(0);
    assertThat(file.md5()).isEqualTo(MD5);
    assertThat(file.pdq()).isEqualTo(PDQ);
    assertThat(file.sha256()).isEqualTo(SHA);
    assertThat(file.generativeAi()).isTrue();
    assertThat(file.industryClassification()).isEqualTo("A1");

    CyberTiplineSchema schema = CyberTiplineXmlTest.schema();
    String xml = CyberTiplineXml.report(report);
    assertThat(schema.violations(xml)).isEmpty();
    assertThat(xml).contains("<ipAddress>203.0.113.7</ipAddress>").contains("example_uploader");
    String details = CyberTiplineXml.fileDetails(1000001L, "f1", file);
    assertThat(schema.violations(details)).isEmpty();
    assertThat(details).contains("A1").contains(MD5).contains("generativeAi");
  }

  @Test
  void build_unknownCategoryHostNameAndOtherFile_addsNothingUnknown() throws Exception {
    Map<String, Object> platform = new LinkedHashMap<>();
    platform.put("ip", "uploader.example.org");
    DecisionRecord decision = decision("csam", platform);

    CyberTiplineReport report =
        BUILDER.build(
            new CaseFile(
                policyCase(NoticeCategory.CSAM, decision.id()), List.of(), List.of(), List.of()),
            List.of(item("b".repeat(64))),
            decision);

    // A host name is not an IP address; nothing identifies the uploader.
    assertThat(report.reported()).isNull();
    CyberTiplineReport.ReportedFile file = report.files().get(0);
    // The scan's digests describe another file than this one: not claimed for it.
    assertThat(file.md5()).isNull();
    assertThat(file.pdq()).isNull();
    assertThat(file.industryClassification()).isNull();
    assertThat(file.generativeAi()).isFalse();
    assertThat(CyberTiplineXmlTest.schema().violations(CyberTiplineXml.report(report))).isEmpty();
  }

  @Test
  void build_groomingNotice_textOnlyWithoutDecision() throws Exception {
    CyberTiplineReport report =
        BUILDER.build(
            new CaseFile(
                policyCase(NoticeCategory.GROOMING, null), List.of(), List.of(), List.of()),
            List.of(item(SHA)),
            null);

    assertThat(report.incidentType()).isEqualTo(IncidentType.ONLINE_ENTICEMENT);
    assertThat(report.files()).isEmpty();
    assertThat(CyberTiplineXmlTest.schema().violations(CyberTiplineXml.report(report))).isEmpty();
  }
}
