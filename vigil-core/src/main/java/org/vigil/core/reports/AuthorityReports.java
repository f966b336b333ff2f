package org.vigil.core.reports;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;
import org.vigil.core.review.CaseStore;

/**
 * Reports of a case to an authority: asked for, confirmed by a second specialist when four-eyes is
 * on, then sent by the authority's outbound adapter (which advances the {@link Filing}). One filing
 * per case; asking twice returns the same filing. Every step is audited.
 */
public final class AuthorityReports {

  private final FilingStore filings;
  private final CaseStore cases;
  private final AuditLog audit;
  private final boolean fourEyes;

  /**
   * @param fourEyes when true a report leaves only after a second specialist confirms it
   */
  public AuthorityReports(FilingStore filings, CaseStore cases, AuditLog audit, boolean fourEyes) {
    this.filings = filings;
    this.cases = cases;
    this.audit = audit;
    this.fourEyes = fourEyes;
  }

  /** Asks for the case to be reported; returns the (possibly existing) filing. */
  public Filing request(String tenant, String caseId, String actor) {
    if (cases.find(tenant, caseId).isEmpty()) {
      throw VigilException.notFound("case", caseId);
    }
    Filing candidate =
        Filing.start(
            "fil_" + UUID.randomUUID().toString().replace("-", ""),
            tenant,
            caseId,
            actor,
            fourEyes);
    Filing filing = filings.createOrGet(candidate);
    if (filing.id().equals(candidate.id())) {
      audit.record(actor, "report.request", "case:" + caseId, details(filing));
    }
    return filing;
  }

  /**
   * The second specialist's confirmation.
   *
   * @throws VigilException 409 when the filing awaits no confirmation, or when the person who asked
   *     for the report tries to confirm it themselves
   */
  public Filing confirm(String tenant, String caseId, String actor) {
    Filing filing = status(tenant, caseId);
    if (filing.state() != FilingState.AWAITING_CONFIRMATION) {
      throw VigilException.conflict(
          "not_awaiting_confirmation",
          "the report of case " + caseId + " is " + filing.state().name().toLowerCase());
    }
    if (actor.equals(filing.requestedBy())) {
      throw VigilException.conflict(
          "four_eyes", "a second specialist must confirm: the report was requested by " + actor);
    }
    Filing confirmed = filing.confirmed(actor);
    filings.save(confirmed);
    audit.record(actor, "report.confirm", "case:" + caseId, details(confirmed));
    return confirmed;
  }

  public Filing status(String tenant, String caseId) {
    return filings
        .byCase(tenant, caseId)
        .orElseThrow(() -> VigilException.notFound("report of case", caseId));
  }

  private static Map<String, Object> details(Filing filing) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("filing", filing.id());
    details.put("state", filing.state().name().toLowerCase());
    return details;
  }
}
