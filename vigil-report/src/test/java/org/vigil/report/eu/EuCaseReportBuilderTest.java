package org.vigil.report.eu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.vigil.core.reports.EuAuthorities;
import org.vigil.core.reports.EuAuthority;
import org.vigil.core.reports.EuCaseExport;
import org.vigil.core.reports.Filing;
import org.vigil.core.review.CaseDecision;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.CaseState;
import org.vigil.core.review.DecisionGround;
import org.vigil.core.review.ModerationAction;
import org.vigil.core.review.Notice;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.Priority;
import org.vigil.core.review.ReporterKind;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.signal.HashMatch;

/** The EU export of a grooming case and of a media case, checked against the bundled schema. */
class EuCaseReportBuilderTest {

  static final Instant T0 = Instant.parse("2026-11-30T10:15:00Z");
  static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final EuAuthorities.Provider PROVIDER =
      new EuAuthorities.Provider("Example Forum B.V.", "abuse@example.org", null);

  private final EuReportSchema schema = new EuReportSchema();
  private final EuCaseReportBuilder builder = new EuCaseReportBuilder(schema);

  static EuAuthority authority(boolean users, boolean ips) {
    return new EuAuthority(
        "eu-centre", "EU Centre (test)", "EU", "en", "1.0", new EuAuthority.Include(users, ips));
  }

  static ReviewCase reviewCase(NoticeCategory category, String source, Priority priority) {
    return new ReviewCase(
        "case_1",
        "default",
        new NoticeTarget("post-7", "user-7", "https://forum.example/p/7", "text"),
        category,
        "csam",
        priority,
        T0.plusSeconds(3600),
        CaseState.OPEN,
        null,
        null,
        1,
        1,
        false,
        true,
        source,
        "policy".equals(source) ? "dec_0193a1b2c3d4e5f60718293a4b5c6d7e" : null,
        false,
        false,
        1,
        T0,
        T0);
  }

  static Notice notice(NoticeCategory category, ReporterKind kind) {
    return new Notice(
        "ntc_1",
        "default",
        "case_1",
        new NoticeTarget("post-7", "user-7", null, "text"),
        category,
        "he asked her to move to a private chat and send pictures",
        kind,
        "p:reporter",
        "reporter@example.org",
        "de",
        T0.plusSeconds(60));
  }

  /** A grooming notice on a text post: no media, no hash, first-class solicitation. */
  static EuCaseExport groomingCase(EuAuthority authority) {
    ReviewCase c = reviewCase(NoticeCategory.GROOMING, "notice", Priority.URGENT);
    CaseFile file =
        new CaseFile(
            c,
            List.of(notice(NoticeCategory.GROOMING, ReporterKind.TRUSTED_FLAGGER)),
            List.of(),
            List.of());
    return new EuCaseExport(PROVIDER, authority, file, null, List.of(), null, NOW, "key:spec");
  }

  /** An upload whose PDQ hash matched a list, preserved, removed, and reported to NCMEC. */
  static EuCaseExport mediaCase(EuAuthority authority) {
    ReviewCase c =
        new ReviewCase(
            "case_2",
            "default",
            new NoticeTarget("upload-9", "user-9", null, "image"),
            NoticeCategory.CSAM,
            "csam",
            Priority.HIGH,
            T0.plusSeconds(3600),
            CaseState.DECIDED,
            null,
            null,
            0,
            0,
            false,
            true,
            "policy",
            "dec_0193a1b2c3d4e5f60718293a4b5c6d7e",
            false,
            false,
            3,
            T0,
            T0);
    Map<String, Object> hashes = new LinkedHashMap<>();
    hashes.put("pdq", PDQ);
    hashes.put("pdqQuality", 100);
    hashes.put("sha256", SHA);
    Map<String, Object> platform = new LinkedHashMap<>();
    platform.put("contentId", "upload-9");
    platform.put("userId", "uploader-3");
    platform.put("ip", "203.0.113.7");
    platform.put("jurisdiction", "NL");
    DecisionRecord decision =
        new DecisionRecord(
            "dec_0193a1b2c3d4e5f60718293a4b5c6d7e",
            "default",
            DecisionKind.CONTENT,
            "upload-9",
            List.of(new HashMatch("synthetic-list", 42, "pdq", 6, "A1", "test list", "block")),
            "pv1",
            List.of(
                new FiredRule(
                    "csam_hash_match",
                    "close PDQ match in a CSAM list",
                    List.of(Action.of(ActionType.BLOCK), Action.of(ActionType.PRESERVE_EVIDENCE)),
                    null)),
            Verdict.BLOCK,
            List.of(Action.of(ActionType.BLOCK)),
            "key:platform",
            T0.minusSeconds(5),
            Map.of("hashes", hashes, "platform", platform),
            "case_2",
            null);
    EvidenceItem item =
        new EvidenceItem(
            "ev_1",
            "default",
            decision.id(),
            "upload-9",
            "image/png",
            2048,
            SHA,
            "NL",
            T0,
            T0.plusSeconds(365L * 86400),
            null,
            null);
    CaseDecision removed =
        new CaseDecision(
            "rev_1",
            "default",
            "case_2",
            ModerationAction.REMOVE,
            DecisionGround.ILLEGAL,
            "Directive 2011/93/EU",
            "matches a known list",
            null,
            "mod:1",
            T0.plusSeconds(600),
            false,
            null);
    Filing filing = Filing.start("fil_1", "default", "case_2", "key:a", false).filed(777L);
    CaseFile file = new CaseFile(c, List.of(), List.of(removed), List.of());
    return new EuCaseExport(
        PROVIDER, authority, file, decision, List.of(item), filing, NOW, "key:spec");
  }

  @Test
  void render_groomingTextOnly_validSolicitationWithoutFiles() {
    JsonNode doc = builder.render(groomingCase(authority(true, true)));

    assertThat(schema.violations(doc)).isEmpty();
    assertThat(doc.at("/abuse/type").asText()).isEqualTo("solicitation");
    assertThat(doc.at("/content/files")).isEmpty();
    assertThat(doc.at("/detection/methods").toString()).contains("trusted_flagger_notice");
    assertThat(doc.at("/urgency/urgentActionRequired").asBoolean()).isTrue();
    assertThat(doc.at("/otherReports")).isEmpty();
    // What the reporter wrote and who they are never leave.
    assertThat(doc.toString())
        .doesNotContain("private chat")
        .doesNotContain("reporter@example.org")
        .doesNotContain("p:reporter");
    assertThat(doc.at("/users/accounts/0/id").asText()).isEqualTo("user-7");
  }

  @Test
  void render_mediaCaseWithPdqMatch_knownMaterialWithDigestsAndNcmecReport() {
    JsonNode doc = builder.render(mediaCase(authority(true, true)));

    assertThat(schema.violations(doc)).isEmpty();
    assertThat(doc.at("/abuse/type").asText()).isEqualTo("known_material");
    assertThat(doc.at("/content/hashes/pdq").asText()).isEqualTo(PDQ);
    assertThat(doc.at("/content/files/0/sha256").asText()).isEqualTo(SHA);
    assertThat(doc.at("/content/files/0/sizeBytes").asLong()).isEqualTo(2048);
    assertThat(doc.at("/detection/hashMatches/0/algorithm").asText()).isEqualTo("pdq");
    assertThat(doc.at("/detection/hashMatches/0/distance").asInt()).isEqualTo(6);
    assertThat(doc.at("/detection/automated").asBoolean()).isTrue();
    assertThat(doc.at("/detection/rules/0").asText()).isEqualTo("csam_hash_match");
    assertThat(doc.at("/location/ipAddresses/0").asText()).isEqualTo("203.0.113.7");
    assertThat(doc.at("/location/jurisdictions/0").asText()).isEqualTo("NL");
    assertThat(doc.at("/users/accounts").toString()).contains("uploader-3").contains("user-9");
    assertThat(doc.at("/otherReports/0/reportId").asLong()).isEqualTo(777L);
    assertThat(doc.at("/contentAction/removedOrDisabled").asBoolean()).isTrue();
    assertThat(doc.at("/withheld")).isEmpty();
    // Hashes only: no field carries media bytes.
    assertThat(doc.toString()).doesNotContain("bytes\"").doesNotContain("base64");
  }

  @Test
  void render_csamWithoutHashMatch_newMaterial() {
    ReviewCase c = reviewCase(NoticeCategory.CSAM, "notice", Priority.HIGH);
    CaseFile file =
        new CaseFile(
            c, List.of(notice(NoticeCategory.CSAM, ReporterKind.USER)), List.of(), List.of());
    JsonNode doc =
        builder.render(
            new EuCaseExport(
                PROVIDER, authority(false, false), file, null, List.of(), null, NOW, "key:s"));
    assertThat(doc.at("/abuse/type").asText()).isEqualTo("new_material");
    assertThat(doc.at("/urgency/urgentActionRequired").asBoolean()).isFalse();
  }

  @Test
  void render_authorityWithoutUserOrIpConsent_omitsThemAndSaysSo() {
    JsonNode doc = builder.render(mediaCase(authority(false, false)));

    assertThat(schema.violations(doc)).isEmpty();
    assertThat(doc.at("/users/accounts").isMissingNode()).isTrue();
    assertThat(doc.at("/location/ipAddresses").isMissingNode()).isTrue();
    assertThat(doc.toString())
        .doesNotContain("203.0.113.7")
        .doesNotContain("uploader-3")
        .doesNotContain("user-9");
    assertThat(doc.at("/withheld").toString()).isEqualTo("[\"userIdentifiers\",\"ipAddresses\"]");
  }

  @Test
  void render_ipAllowedButUsersNot_onlyUsersWithheld() {
    JsonNode doc = builder.render(mediaCase(authority(false, true)));
    assertThat(doc.at("/location/ipAddresses/0").asText()).isEqualTo("203.0.113.7");
    assertThat(doc.toString()).doesNotContain("uploader-3");
    assertThat(doc.at("/withheld").toString()).isEqualTo("[\"userIdentifiers\"]");
  }

  @Test
  void violations_mediaBytesOrBadDigestOrKnownWithoutMatch_rejected() {
    ObjectNode withBytes = builder.build(mediaCase(authority(true, true)));
    ((ObjectNode) withBytes.at("/content/files/0")).put("bytes", "iVBORw0KGgo=");
    assertThat(schema.violations(withBytes)).isNotEmpty();

    ObjectNode badDigest = builder.build(mediaCase(authority(true, true)));
    ((ObjectNode) badDigest.at("/content/files/0")).put("sha256", "not-a-digest");
    assertThat(schema.violations(badDigest)).isNotEmpty();

    ObjectNode badTime = builder.build(mediaCase(authority(true, true)));
    ((ObjectNode) badTime.at("/timestamps")).put("reportCreatedAt", "yesterday");
    assertThat(schema.violations(badTime)).isNotEmpty();

    ObjectNode knownWithoutMatch = builder.build(mediaCase(authority(true, true)));
    ((ObjectNode) knownWithoutMatch.at("/detection")).putArray("hashMatches");
    assertThat(schema.violations(knownWithoutMatch)).isNotEmpty();
  }

  @Test
  void render_documentBreakingTheSchema_neverReturned() {
    ObjectNode broken = builder.build(groomingCase(authority(true, true)));
    broken.remove("provider");
    assertThatThrownBy(() -> builder.checked(broken, "case_1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("provider");
  }

  /**
   * Every Article 13(1) item mapped in {@link EuExportMapping} is present in a complete export and
   * named in docs/eu-export.md: removing a field from the builder, the schema or the document fails
   * here.
   */
  @Test
  void mapping_everyMappedField_presentInExportAndDocumented() throws IOException {
    JsonNode doc = builder.render(mediaCase(authority(true, true)));
    String docs = Files.readString(docsFile());

    assertThat(EuExportMapping.FIELDS.stream().map(EuExportMapping.Field::article13).distinct())
        .containsExactly(
            "(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)", "(i)", "(j)", "(k)");
    for (EuExportMapping.Field field : EuExportMapping.FIELDS) {
      assertThat(doc.at(field.pointer()).isMissingNode())
          .as("export field %s (Art. 13(1)%s)", field.pointer(), field.article13())
          .isFalse();
      assertThat(docs)
          .as("docs/eu-export.md names %s", field.pointer())
          .contains("`" + field.pointer() + "`");
    }
  }

  private static Path docsFile() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("docs/eu-export.md");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("docs/eu-export.md not found above " + here);
  }
}
