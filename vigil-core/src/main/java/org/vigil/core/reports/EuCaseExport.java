package org.vigil.core.reports;

import java.time.Instant;
import java.util.List;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.review.CaseFile;

/**
 * Everything an EU export of one case is built from. Evidence appears only as metadata (digests,
 * media type, size): the export never carries media bytes.
 *
 * @param provider who reports
 * @param authority who the export is for, and what may be sent to it
 * @param file the case with its notices and decisions
 * @param decision the policy decision that opened the case (its signals: hash matches), or null
 * @param evidence the items preserved for the case or its decision
 * @param ncmecFiling the case's report to NCMEC, or null when none was asked for
 * @param exportedAt when the export is made
 * @param exportedBy who asked for it (audit name)
 */
public record EuCaseExport(
    EuAuthorities.Provider provider,
    EuAuthority authority,
    CaseFile file,
    DecisionRecord decision,
    List<EvidenceItem> evidence,
    Filing ncmecFiling,
    Instant exportedAt,
    String exportedBy) {

  public EuCaseExport {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }
}
