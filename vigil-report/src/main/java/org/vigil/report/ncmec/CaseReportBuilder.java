package org.vigil.report.ncmec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.ReviewCase;

/**
 * Turns a review case and its preserved evidence into what a CyberTipline report says. Grooming and
 * enticement cases become text-only "Online Enticement" reports (first-class, with no files); a
 * case with media becomes an apparent-CSAM report with each preserved file attached.
 */
public final class CaseReportBuilder {

  private final CyberTiplineReport.Reporter reporter;
  private final String platform;

  public CaseReportBuilder(CyberTiplineReport.Reporter reporter, String platform) {
    this.reporter = reporter;
    this.platform = platform;
  }

  public CyberTiplineReport build(CaseFile file, List<EvidenceItem> evidence) {
    ReviewCase reviewCase = file.reviewCase();
    boolean enticement =
        reviewCase.category() == NoticeCategory.GROOMING
            || reviewCase.category() == NoticeCategory.SEXUALISED_COMMENTS_MINOR;
    List<CyberTiplineReport.ReportedFile> files = new ArrayList<>();
    if (!enticement) {
      for (EvidenceItem item : evidence) {
        if (!item.deleted() && !item.mediaType().startsWith("application/json")) {
          files.add(
              new CyberTiplineReport.ReportedFile(
                  item.id(),
                  item.id(),
                  item.createdAt(),
                  false,
                  false,
                  null,
                  false,
                  null,
                  item.sha256(),
                  null));
        }
      }
    }
    Instant incident = reviewCase.createdAt();
    String account = reviewCase.target().accountId();
    return new CyberTiplineReport(
        enticement ? IncidentType.ONLINE_ENTICEMENT : IncidentType.CHILD_PORNOGRAPHY,
        platform,
        null,
        false,
        incident,
        "When the content was first reported to or detected by the platform.",
        reviewCase.target().url(),
        enticement
            ? "Reported as "
                + reviewCase.category().wireName()
                + " on content "
                + reviewCase.target().contentId()
            : null,
        reporter,
        account == null ? null : new CyberTiplineReport.Account(account, null, null, List.of()),
        null,
        files,
        "Vigil case " + reviewCase.id() + ".");
  }
}
