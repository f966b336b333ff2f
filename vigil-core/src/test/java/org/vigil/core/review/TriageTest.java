package org.vigil.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.error.VigilException;

class TriageTest {

  private final Triage triage = new Triage(TriageRules.bundled());

  private Triage.Placement place(
      NoticeCategory category, int reporters, boolean trusted, int history, boolean minor) {
    return triage.place(new Triage.Facts(category, reporters, trusted, history, minor));
  }

  @Test
  void place_termsNoticeFromOneUser_lowPriorityGeneralQueueSevenDays() {
    Triage.Placement placed = place(NoticeCategory.TERMS, 1, false, 0, false);
    assertThat(placed.queue()).isEqualTo("general");
    assertThat(placed.priority()).isEqualTo(Priority.LOW);
    assertThat(placed.deadline()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void place_trustedFlagger_raisesOneStepAndShortensDeadline() {
    Triage.Placement placed = place(NoticeCategory.TERMS, 1, true, 0, false);
    assertThat(placed.priority()).isEqualTo(Priority.NORMAL);
    assertThat(placed.deadline()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void place_everyAggravatingFact_addsUpToUrgentNeverBeyond() {
    Triage.Placement placed = place(NoticeCategory.TERMS, 5, true, 2, true);
    assertThat(placed.priority()).isEqualTo(Priority.URGENT);
    assertThat(place(NoticeCategory.CSAM, 9, true, 9, true).priority()).isEqualTo(Priority.URGENT);
  }

  @Test
  void place_fourDistinctReporters_belowThresholdNoRaise() {
    assertThat(place(NoticeCategory.ILLEGAL_OTHER, 4, false, 0, false).priority())
        .isEqualTo(Priority.NORMAL);
    assertThat(place(NoticeCategory.ILLEGAL_OTHER, 5, false, 0, false).priority())
        .isEqualTo(Priority.HIGH);
  }

  @Test
  void place_ncii_neverLaterThan48Hours() {
    Triage.Placement placed = place(NoticeCategory.NCII, 1, false, 0, false);
    assertThat(placed.queue()).isEqualTo("ncii");
    assertThat(placed.deadline()).isLessThanOrEqualTo(Duration.ofHours(48));
  }

  @Test
  void parse_nciiDeadlineLongerThan48Hours_refusedNamingTheKey(@TempDir Path dir) throws Exception {
    String yaml =
        new String(
                TriageRules.class.getResourceAsStream("/review/triage.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace("deadline: PT48H", "deadline: PT72H");
    Path file = dir.resolve("triage.yaml");
    Files.writeString(file, yaml);
    assertThatThrownBy(() -> TriageRules.load(file))
        .isInstanceOf(VigilException.class)
        .hasMessageContaining("categories.ncii.deadline")
        .hasMessageContaining("TAKE IT DOWN");
  }

  @Test
  void parse_missingCategory_refusedNamingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("triage.yaml");
    Files.writeString(file, "categories:\n  csam: {queue: csam, priority: urgent}\n");
    assertThatThrownBy(() -> TriageRules.load(file))
        .isInstanceOf(VigilException.class)
        .hasMessageContaining("categories.grooming");
  }

  @Test
  void moreSevere_csamAndTerms_csam() {
    assertThat(triage.moreSevere(NoticeCategory.TERMS, NoticeCategory.CSAM))
        .isEqualTo(NoticeCategory.CSAM);
    assertThat(triage.moreSevere(null, NoticeCategory.TERMS)).isEqualTo(NoticeCategory.TERMS);
  }
}
