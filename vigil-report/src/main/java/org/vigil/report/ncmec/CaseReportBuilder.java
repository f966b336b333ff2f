package org.vigil.report.ncmec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.Signal;

/**
 * Turns a review case and its preserved evidence into what a CyberTipline report says. Grooming and
 * enticement cases become text-only "Online Enticement" reports (first-class, with no files); a
 * case with media becomes an apparent-CSAM report with each preserved file attached.
 *
 * <p>When a policy decision opened the case, what the platform sent with the scan fills in what is
 * known: the reported user's screen name and the IP address of the upload (an {@code Upload} IP
 * capture event at the scan's time), the file's original MD5 and PDQ beside its SHA-256, {@code
 * generativeAi} when the platform says so, and NCMEC's industry classification (A1, A2, B1, B2)
 * when the matched hash list carries one as the signal's category (NCMEC's hash-sharing lists do).
 */
public final class CaseReportBuilder {

  /** Platform context keys a scan may carry for the uploader's IP address. */
  private static final List<String> IP_KEYS = List.of("ip", "ipAddress", "uploaderIp");

  /** An IPv4 or IPv6 literal, loosely: never a host name (nothing here resolves names). */
  private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private static final Set<String> INDUSTRY_CLASSES = Set.of("A1", "A2", "B1", "B2");

  private final CyberTiplineReport.Reporter reporter;
  private final String platform;

  public CaseReportBuilder(CyberTiplineReport.Reporter reporter, String platform) {
    this.reporter = reporter;
    this.platform = platform;
  }

  public CyberTiplineReport build(CaseFile file, List<EvidenceItem> evidence) {
    return build(file, evidence, null);
  }

  /**
   * @param decision the policy decision that opened the case, or null (a user's notice)
   */
  public CyberTiplineReport build(
      CaseFile file, List<EvidenceItem> evidence, DecisionRecord decision) {
    ReviewCase reviewCase = file.reviewCase();
    Map<String, Object> context = map(decision == null ? null : decision.context().get("platform"));
    Map<String, Object> hashes = map(decision == null ? null : decision.context().get("hashes"));
    boolean enticement =
        reviewCase.category() == NoticeCategory.GROOMING
            || reviewCase.category() == NoticeCategory.SEXUALISED_COMMENTS_MINOR;
    List<EvidenceItem> media = new ArrayList<>();
    if (!enticement) {
      for (EvidenceItem item : evidence) {
        if (!item.deleted() && !item.mediaType().startsWith("application/json")) {
          media.add(item);
        }
      }
    }
    List<CyberTiplineReport.ReportedFile> files = new ArrayList<>();
    for (EvidenceItem item : media) {
      // The scan's own digests describe this file when its SHA-256 is the one scanned (or when it
      // is the only file and the scan sent no SHA-256).
      boolean scanned =
          item.sha256().equals(text(hashes.get("sha256")))
              || (media.size() == 1 && text(hashes.get("sha256")) == null);
      files.add(
          new CyberTiplineReport.ReportedFile(
              item.id(),
              item.id(),
              item.createdAt(),
              false,
              false,
              scanned ? industryClassification(decision) : null,
              scanned && Boolean.TRUE.equals(context.get("generativeAi")),
              scanned ? text(hashes.get("md5")) : null,
              item.sha256(),
              scanned ? text(hashes.get("pdq")) : null));
    }
    // When the platform first saw it: the scan if a policy decision opened the case, else the case.
    Instant incident =
        decision != null && decision.createdAt().isBefore(reviewCase.createdAt())
            ? decision.createdAt()
            : reviewCase.createdAt();
    String account = reviewCase.target().accountId();
    if (account == null) {
      account = text(context.get("userId"));
    }
    List<CyberTiplineReport.IpCapture> ips = new ArrayList<>();
    for (String key : IP_KEYS) {
      String ip = text(context.get(key));
      if (ip != null && IP.matcher(ip).matches() && decision != null) {
        ips.add(new CyberTiplineReport.IpCapture(ip, "Upload", decision.createdAt()));
        break;
      }
    }
    String screenName = text(context.get("screenName"));
    CyberTiplineReport.Account reported =
        account == null && screenName == null && ips.isEmpty()
            ? null
            : new CyberTiplineReport.Account(account, screenName, null, ips);
    return new CyberTiplineReport(
        enticement ? IncidentType.ONLINE_ENTICEMENT : IncidentType.CHILD_PORNOGRAPHY,
        platform,
        null,
        false,
        incident,
        decision != null
            ? "When the platform's upload was scanned and matched."
            : "When the content was first reported to or detected by the platform.",
        reviewCase.target().url(),
        enticement
            ? "Reported as "
                + reviewCase.category().wireName()
                + " on content "
                + reviewCase.target().contentId()
            : null,
        reporter,
        reported,
        null,
        files,
        "Vigil case " + reviewCase.id() + ".");
  }

  /** NCMEC's industry classification, when a matched hash list's signal carries one. */
  private static String industryClassification(DecisionRecord decision) {
    if (decision == null) {
      return null;
    }
    for (Signal signal : decision.signals()) {
      if (signal instanceof HashMatch match
          && match.category() != null
          && INDUSTRY_CLASSES.contains(
              match.category().trim().toUpperCase(java.util.Locale.ROOT))) {
        return match.category().trim().toUpperCase(java.util.Locale.ROOT);
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static String text(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString();
  }
}
