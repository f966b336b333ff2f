package org.vigil.report.ncmec;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.reports.Filing;
import org.vigil.core.reports.FilingStore;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.CaseStore;
import org.vigil.core.review.ReviewCase;

/**
 * The periodic job that sends confirmed reports: each filing in state SENDING is advanced through
 * the protocol. A temporary refusal (NCMEC down, throttling) leaves the filing as recorded and the
 * next run tries again; a permanent one fails the filing with NCMEC's words, visible on the case.
 */
public final class CyberTiplineSender {

  private static final Logger LOG = LoggerFactory.getLogger(CyberTiplineSender.class);
  private static final String ACTOR = "system:ncmec";

  private final CyberTiplineClient client;
  private final FilingStore filings;
  private final CaseStore cases;
  private final EvidenceVault vault;
  private final CaseReportBuilder builder;
  private final DecisionLog decisions;
  private final Clock clock;
  private volatile CyberTiplineSchema schema;

  public CyberTiplineSender(
      CyberTiplineClient client,
      FilingStore filings,
      CaseStore cases,
      EvidenceVault vault,
      CaseReportBuilder builder,
      Clock clock) {
    this(client, filings, cases, vault, builder, null, clock);
  }

  /**
   * @param decisions where the policy decision that opened a case is read from (what the platform
   *     sent with the scan fills the report), or null
   */
  public CyberTiplineSender(
      CyberTiplineClient client,
      FilingStore filings,
      CaseStore cases,
      EvidenceVault vault,
      CaseReportBuilder builder,
      DecisionLog decisions,
      Clock clock) {
    this.client = client;
    this.filings = filings;
    this.cases = cases;
    this.vault = vault;
    this.builder = builder;
    this.decisions = decisions;
    this.clock = clock;
  }

  /**
   * Advances every filing waiting to be sent.
   *
   * @return how many filings were filed in this run
   */
  public int sendDue() {
    int filed = 0;
    for (Filing filing : filings.sending(20)) {
      try {
        Filing after = advance(filing);
        if (after.state() == org.vigil.core.reports.FilingState.FILED) {
          filed++;
        }
      } catch (CyberTiplineException e) {
        LOG.warn("CyberTipline filing {} will be retried: {}", filing.id(), e.getMessage());
      }
    }
    return filed;
  }

  private Filing advance(Filing filing) {
    ReviewCase reviewCase =
        cases
            .find(filing.tenant(), filing.caseId())
            .orElseThrow(() -> new IllegalStateException("case " + filing.caseId() + " is gone"));
    List<EvidenceItem> evidence = new ArrayList<>(vault.bySource(filing.tenant(), filing.caseId()));
    if (reviewCase.policyDecisionId() != null) {
      evidence.addAll(vault.bySource(filing.tenant(), reviewCase.policyDecisionId()));
    }
    // The law keeps a report's contents a year from the report: extend before it can be made, so a
    // crash right after NCMEC accepts it cannot leave the shorter date behind.
    vault.retainForReport(evidence, "ncmec:" + filing.id(), ACTOR);
    CaseFile file = new CaseFile(reviewCase, List.of(), List.of(), List.of());
    DecisionRecord decision =
        decisions == null || reviewCase.policyDecisionId() == null
            ? null
            : decisions.find(filing.tenant(), reviewCase.policyDecisionId()).orElse(null);
    CyberTiplineReport report = builder.build(file, evidence, decision);
    return new CyberTiplineFiling(client, schema(), filings, clock)
        .advance(filing, report, id -> vault.read(filing.tenant(), id, ACTOR));
  }

  private CyberTiplineSchema schema() {
    CyberTiplineSchema current = schema;
    if (current == null) {
      current = CyberTiplineSchema.compile(client.schema());
      schema = current;
    }
    return current;
  }
}
