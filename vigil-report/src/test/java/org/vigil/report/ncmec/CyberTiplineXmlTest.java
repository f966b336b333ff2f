package org.vigil.report.ncmec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vigil's XML against NCMEC's schema, and the schema check against NCMEC-shaped examples. */
class CyberTiplineXmlTest {

  static String resource(String name) throws IOException {
    try (InputStream in = CyberTiplineXmlTest.class.getResourceAsStream("/ncmec/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static CyberTiplineSchema schema() throws IOException {
    return CyberTiplineSchema.compile(resource("cybertipline-report.xsd"));
  }

  static final CyberTiplineReport.Reporter REPORTER =
      new CyberTiplineReport.Reporter(
          "reports@example.com",
          "Example Inc. accepts legal process at legal@example.com.",
          "https://www.example.com/legal");

  static CyberTiplineReport imageReport(String evidenceId, String classification) {
    return new CyberTiplineReport(
        IncidentType.CHILD_PORNOGRAPHY,
        "ExampleForum",
        null,
        false,
        Instant.parse("2026-12-01T08:00:00Z"),
        "Time of upload",
        "https://forum.example.com/p/77",
        null,
        REPORTER,
        new CyberTiplineReport.Account(
            "user-12",
            "example_user",
            null,
            List.of(
                new CyberTiplineReport.IpCapture(
                    "198.51.100.23", "Upload", Instant.parse("2026-12-01T08:00:00Z")))),
        null,
        List.of(
            new CyberTiplineReport.ReportedFile(
                evidenceId,
                "upload.png",
                Instant.parse("2026-12-01T08:00:00Z"),
                false,
                false,
                classification,
                true,
                "00112233445566778899aabbccddeeff",
                "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")),
        "Matched a hash list at upload; blocked before anyone saw it.");
  }

  static CyberTiplineReport enticementReport() {
    return new CyberTiplineReport(
        IncidentType.ONLINE_ENTICEMENT,
        "ExampleChat",
        "The adult proposed meeting the child on Saturday.",
        true,
        Instant.parse("2026-12-02T19:40:00Z"),
        null,
        null,
        "An adult asked a 13-year-old for photos and proposed a meeting.",
        REPORTER,
        new CyberTiplineReport.Account("user-200077", "nightowl", 34, List.of()),
        new CyberTiplineReport.Account("user-300015", null, 13, List.of()),
        List.of(),
        null);
  }

  @Test
  void report_imageReport_validAgainstNcmecsSchema() throws IOException {
    String xml = CyberTiplineXml.report(imageReport("ev_1", "B2"));

    assertThat(schema().violations(xml)).isEmpty();
    assertThat(xml)
        .contains(
            "<incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>");
  }

  @Test
  void report_textOnlyEnticement_validWithVictimAndAnnotation() throws IOException {
    String xml = CyberTiplineXml.report(enticementReport());

    assertThat(schema().violations(xml)).isEmpty();
    assertThat(xml)
        .contains("<csamSolicitation/>")
        .contains("<victim>")
        .doesNotContain("fileDetails");
  }

  @Test
  void fileDetails_generativeAiAndHashes_valid() throws IOException {
    String xml =
        CyberTiplineXml.fileDetails(
            1234567, "0f1e2d3c4b5a69788796a5b4c3d2e1f0", imageReport("ev_1", "A1").files().get(0));

    assertThat(schema().violations(xml)).isEmpty();
    assertThat(xml).contains("<generativeAi/>").contains("hashType=\"SHA256\"");
  }

  @Test
  void fileDetails_unknownClassification_violationNamesTheValue() throws IOException {
    String xml = CyberTiplineXml.fileDetails(1, "f", imageReport("ev_1", "C1").files().get(0));

    assertThat(schema().violations(xml)).anySatisfy(v -> assertThat(v).contains("C1"));
  }

  @Test
  void report_markupInText_escapedNotInjected() throws IOException {
    CyberTiplineReport base = enticementReport();
    CyberTiplineReport hostile =
        new CyberTiplineReport(
            base.incidentType(),
            "Chat</platform><incidentType>Child Sex Tourism</incidentType><platform>x",
            base.escalation(),
            base.csamSolicitation(),
            base.incidentTime(),
            null,
            null,
            base.chatSummary(),
            base.reporter(),
            base.reported(),
            base.victim(),
            List.of(),
            null);

    String xml = CyberTiplineXml.report(hostile);

    assertThat(schema().violations(xml)).isEmpty();
    assertThat(xml)
        .contains("&lt;/platform&gt;")
        .doesNotContain("Child Sex Tourism</incidentType>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "examples/report-csam-image.submit.xml",
        "examples/report-csam-image.fileinfo.xml",
        "examples/report-enticement-text-only.submit.xml"
      })
  void violations_ncmecShapedExamples_none(String file) throws IOException {
    assertThat(schema().violations(resource(file))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "examples/invalid/invalid-01-reporter-before-incidentSummary.xml",
        "examples/invalid/invalid-02-unknown-incidentType.xml",
        "examples/invalid/invalid-03-missing-incidentDateTime.xml",
        "examples/invalid/invalid-04-annotation-false.xml",
        "examples/invalid/invalid-05-fileinfo-bad-industryClassification.xml"
      })
  void violations_invalidExamples_atLeastOneWithItsLine(String file) throws IOException {
    assertThat(schema().violations(resource(file)))
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v).startsWith("line "));
  }
}
