package org.vigil.core.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.CaseStore;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.ReviewCase;

/**
 * Exports a case for the EU Centre or a national authority (docs/eu-export.md). The export names
 * the preserved evidence by its digests, so it is an evidence access: every export is audited as
 * {@code evidence.export} with the items it describes.
 */
public final class EuExports {

  private final EuAuthorities authorities;
  private final CaseStore cases;
  private final EvidenceVault vault;
  private final DecisionLog decisions;
  private final FilingStore filings;
  private final EuExportFormat format;
  private final AuditLog audit;
  private final Clock clock;

  public EuExports(
      EuAuthorities authorities,
      CaseStore cases,
      EvidenceVault vault,
      DecisionLog decisions,
      FilingStore filings,
      EuExportFormat format,
      AuditLog audit,
      Clock clock) {
    this.authorities = authorities;
    this.cases = cases;
    this.vault = vault;
    this.decisions = decisions;
    this.filings = filings;
    this.format = format;
    this.audit = audit;
    this.clock = clock;
  }

  public EuAuthorities authorities() {
    return authorities;
  }

  /**
   * The export of {@code caseId} for {@code authorityId}.
   *
   * @throws VigilException 422 for a missing or unknown authority, 404 for an unknown case (or one
   *     of another tenant), 409 when the case is not about child sexual abuse
   */
  public JsonNode export(String tenant, String caseId, String authorityId, String actor) {
    if (authorityId == null || authorityId.isBlank()) {
      throw VigilException.invalid(
          "authority", "authority is required; configured: " + authorities.ids());
    }
    EuAuthority authority =
        authorities
            .find(authorityId)
            .orElseThrow(
                () ->
                    new VigilException(
                        VigilException.Kind.INVALID,
                        "unknown_authority",
                        "no EU authority '" + authorityId + "'; configured: " + authorities.ids(),
                        "authority"));
    CaseFile file =
        cases.file(tenant, caseId).orElseThrow(() -> VigilException.notFound("case", caseId));
    ReviewCase reviewCase = file.reviewCase();
    if (!aboutChildSexualAbuse(reviewCase.category())) {
      throw VigilException.conflict(
          "not_child_sexual_abuse",
          "case "
              + caseId
              + " is about "
              + reviewCase.category().wireName()
              + "; the EU export is for child sexual abuse (csam, grooming,"
              + " sexualised_comments_minor)");
    }
    List<EvidenceItem> evidence = new ArrayList<>(vault.bySource(tenant, caseId));
    DecisionRecord decision = null;
    if (reviewCase.policyDecisionId() != null) {
      evidence.addAll(vault.bySource(tenant, reviewCase.policyDecisionId()));
      decision = decisions.find(tenant, reviewCase.policyDecisionId()).orElse(null);
    }
    Filing ncmec = filings.byCase(tenant, caseId).orElse(null);
    JsonNode document =
        format.render(
            new EuCaseExport(
                authorities.provider(),
                authority,
                file,
                decision,
                evidence,
                ncmec,
                clock.instant(),
                actor));
    audit.record(actor, "evidence.export", "case:" + caseId, details(authority, evidence));
    return document;
  }

  static boolean aboutChildSexualAbuse(NoticeCategory category) {
    return category == NoticeCategory.CSAM
        || category == NoticeCategory.GROOMING
        || category == NoticeCategory.SEXUALISED_COMMENTS_MINOR;
  }

  private static Map<String, Object> details(EuAuthority authority, List<EvidenceItem> evidence) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("authority", authority.id());
    details.put("formatVersion", authority.formatVersion());
    details.put("evidence", evidence.stream().map(EvidenceItem::id).toList());
    details.put("userIdentifiers", authority.include().userIdentifiers());
    details.put("ipAddresses", authority.include().ipAddresses());
    return details;
  }
}
