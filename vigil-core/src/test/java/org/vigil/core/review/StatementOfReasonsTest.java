package org.vigil.core.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.json.Json;

class StatementOfReasonsTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final StatementOfReasons statements = new StatementOfReasons(ReviewSettings.defaults());
  private final SorValidator validator = new SorValidator();

  static CaseFile file(NoticeCategory category, String source, ReporterKind kind, String type) {
    NoticeTarget target =
        new NoticeTarget("post-1", "acct-secret-9", "https://example.com/p/1", type);
    ReviewCase c =
        new ReviewCase(
            "case_1",
            "default",
            target,
            category,
            "general",
            Priority.HIGH,
            T0.plusSeconds(3600),
            CaseState.CLAIMED,
            "key:mod",
            T0.plusSeconds(600),
            1,
            1,
            kind == ReporterKind.TRUSTED_FLAGGER,
            category.involvesMinor(),
            source,
            null,
            false,
            false,
            3,
            T0,
            T0);
    List<Notice> notices = new ArrayList<>();
    if (kind != null) {
      notices.add(
          new Notice(
              "rep_1",
              "default",
              "case_1",
              target,
              category,
              "it is bad",
              kind,
              kind == ReporterKind.ANONYMOUS ? null : "f".repeat(64),
              "reporter@example.net",
              "de",
              T0));
    }
    return new CaseFile(c, notices, List.of(), List.of());
  }

  static CaseDecision decision(ModerationAction action, DecisionGround ground, String explanation) {
    return new CaseDecision(
        "dec_0123456789abcdef",
        "default",
        "case_1",
        action,
        ground,
        ground == DecisionGround.ILLEGAL ? "Art. 3 Directive 2011/93/EU" : null,
        explanation,
        null,
        "key:mod",
        T0.plusSeconds(60),
        false,
        StatementOfReasons.puid("dec_0123456789abcdef"));
  }

  @Test
  void write_everyRestrictionGroundCategoryAndSource_acceptedByTheSchema() throws Exception {
    int checked = 0;
    for (ModerationAction action : ModerationAction.values()) {
      if (!action.isRestriction()) {
        continue;
      }
      for (DecisionGround ground : DecisionGround.values()) {
        for (NoticeCategory category : NoticeCategory.values()) {
          for (ReporterKind kind :
              new ReporterKind[] {null, ReporterKind.USER, ReporterKind.TRUSTED_FLAGGER}) {
            for (String type : new String[] {null, "image", "video", "text"}) {
              CaseFile file = file(category, kind == null ? "policy" : "notice", kind, type);
              StoredStatement st =
                  statements.write(
                      file, decision(action, ground, "Shows abuse."), T0.plusSeconds(9999));
              JsonNode tdb = Json.MAPPER.readTree(st.transparencyJson());
              assertThat(validator.validate(tdb))
                  .as(action + " " + ground + " " + category + " " + kind + " " + type)
                  .isEmpty();
              tdb.fieldNames()
                  .forEachRemaining(name -> assertThat(validator.fieldNames()).contains(name));
              checked++;
            }
          }
        }
      }
    }
    assertThat(checked).isEqualTo(5 * 2 * 7 * 3 * 4);
  }

  @Test
  void write_explanationWithPersonalData_neitherFormCarriesIt() throws Exception {
    CaseFile file = file(NoticeCategory.NCII, "notice", ReporterKind.USER, "image");
    StoredStatement st =
        statements.write(
            file,
            decision(
                ModerationAction.REMOVE,
                DecisionGround.ILLEGAL,
                "acct-secret-9 posted a photo of jane@example.org from 198.51.100.7."),
            T0.plusSeconds(9999));
    for (String json : List.of(st.transparencyJson(), st.plainJson())) {
      assertThat(json)
          .doesNotContain("acct-secret-9")
          .doesNotContain("jane@example.org")
          .doesNotContain("198.51.100.7")
          .doesNotContain("reporter@example.net")
          .doesNotContain("f".repeat(64));
    }
    assertThat(st.transparencyJson()).doesNotContain("post-1");
  }

  @Test
  void write_removal_mapsToTheSchemaVocabulary() throws Exception {
    CaseFile file = file(NoticeCategory.CSAM, "notice", ReporterKind.TRUSTED_FLAGGER, "image");
    JsonNode tdb =
        Json.MAPPER.readTree(
            statements
                .write(file, decision(ModerationAction.REMOVE, DecisionGround.ILLEGAL, "x"), T0)
                .transparencyJson());
    assertThat(tdb.get("decision_visibility").get(0).asText())
        .isEqualTo("DECISION_VISIBILITY_CONTENT_REMOVED");
    assertThat(tdb.get("decision_ground").asText()).isEqualTo("DECISION_GROUND_ILLEGAL_CONTENT");
    assertThat(tdb.get("category").asText()).isEqualTo("STATEMENT_CATEGORY_PROTECTION_OF_MINORS");
    assertThat(tdb.get("category_specification").get(0).asText())
        .isEqualTo("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL");
    assertThat(tdb.get("source_type").asText()).isEqualTo("SOURCE_TRUSTED_FLAGGER");
    assertThat(tdb.get("automated_decision").asText())
        .isEqualTo("AUTOMATED_DECISION_NOT_AUTOMATED");
    assertThat(tdb.get("content_language").asText()).isEqualTo("DE");
    assertThat(tdb.get("puid").asText()).isEqualTo("vigil-dec_0123456789abcdef");
    assertThat(tdb.has("source_identity")).isFalse();
  }

  @Test
  void plain_removal_saysWhatWhyAndHowToAppeal() throws Exception {
    CaseFile file = file(NoticeCategory.TERMS, "notice", ReporterKind.USER, null);
    Instant until = Instant.parse("2026-09-01T10:01:00Z");
    JsonNode plain =
        Json.MAPPER.readTree(
            statements
                .write(file, decision(ModerationAction.LABEL, DecisionGround.TERMS, "Spam."), until)
                .plainJson());
    assertThat(plain.get("what").asText()).isEqualTo("We added a label to your content.");
    assertThat(plain.get("why").asText()).isEqualTo("Spam.");
    assertThat(plain.get("rule").asText()).contains("terms of service");
    assertThat(plain.get("automated").get("decision").asBoolean()).isFalse();
    assertThat(plain.get("howToAppeal").get("until").asText()).isEqualTo(until.toString());
    assertThat(plain.get("howToAppeal").get("text").asText()).contains("2026-09-01");
  }

  @Test
  void limit_longTextCountedInCodePoints_cutToTheMaximum() {
    String text = "é".repeat(3000);
    assertThat(StatementOfReasons.limit(text, 2000).codePointCount(0, 2000)).isEqualTo(2000);
  }
}
