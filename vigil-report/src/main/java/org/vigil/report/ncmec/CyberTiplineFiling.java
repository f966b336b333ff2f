package org.vigil.report.ncmec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.vigil.core.reports.Filing;
import org.vigil.core.reports.FilingState;
import org.vigil.core.reports.FilingStore;

/**
 * Files one report through the CyberTipline protocol, one recorded step at a time, so that a crash
 * at any moment neither loses nor duplicates it:
 *
 * <ul>
 *   <li>Before each call the filing records which call it starts ({@code inFlight}); after the
 *       answer it records the result. A restart that finds a call in flight cannot know whether
 *       NCMEC acted on it, so for {@code /submit}, {@code /upload} and {@code /fileinfo} it
 *       retracts the open report (best effort) and starts again from {@code /submit}: an unfinished
 *       report is never a filed one, and NCMEC deletes those it is left with.
 *   <li>A {@code /finish} in flight is simply sent again: NCMEC's "already finished" (5102) means
 *       it was done, so the report is filed once.
 *   <li>NCMEC deletes a report left unfinished (a day after it was opened, or an hour after its
 *       last change); a filing whose open report is that old, or that NCMEC says does not exist
 *       (5001), starts again from {@code /submit}.
 *   <li>The XML is validated against NCMEC's schema first: an invalid report is never sent, and the
 *       filing fails with the schema's words.
 * </ul>
 */
public final class CyberTiplineFiling {

  /** NCMEC deletes an unfinished report 24 h after opening; start again well before that. */
  static final Duration OPEN_LIMIT = Duration.ofHours(20);

  /** ...or 1 h after its last change. */
  static final Duration IDLE_LIMIT = Duration.ofMinutes(45);

  private final CyberTiplineClient client;
  private final CyberTiplineSchema schema;
  private final FilingStore store;
  private final Clock clock;

  public CyberTiplineFiling(
      CyberTiplineClient client, CyberTiplineSchema schema, FilingStore store, Clock clock) {
    this.client = client;
    this.schema = schema;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Takes {@code filing} as far as it can go now.
   *
   * @param evidence the preserved bytes of a file, by evidence id
   * @return the filing as stored: FILED, FAILED, or still SENDING when NCMEC asked to retry later
   */
  public Filing advance(
      Filing filing, CyberTiplineReport report, Function<String, byte[]> evidence) {
    if (filing.state() != FilingState.SENDING) {
      return filing;
    }
    if (report.incidentTime().isAfter(clock.instant())) {
      // NCMEC requires the incident to lie in the past; a clock ahead of this one (another node's)
      // would otherwise have the report refused after /submit.
      return save(
          filing.withState(
              FilingState.FAILED,
              "the incident time "
                  + report.incidentTime()
                  + " is in the future; NCMEC requires a past date (check the servers' clocks)"));
    }
    String reportXml = CyberTiplineXml.report(report);
    List<String> invalid = schema.violations(reportXml);
    if (!invalid.isEmpty()) {
      return save(
          filing.withState(FilingState.FAILED, "report does not match NCMEC's schema: " + invalid));
    }
    try {
      filing = recover(filing);
      if (filing.reportId() == null) {
        filing = save(filing.starting("submit"));
        long reportId = client.submit(reportXml);
        filing = save(filing.opened(reportId, clock.instant()));
      }
      for (CyberTiplineReport.ReportedFile file : report.files()) {
        if (uploaded(filing, file.evidenceId()) == null) {
          filing = save(filing.starting("upload:" + file.evidenceId()));
          CyberTiplineClient.Upload upload =
              client.upload(filing.reportId(), fileName(file), evidence.apply(file.evidenceId()));
          filing = save(filing.uploaded(file.evidenceId(), upload.fileId(), clock.instant()));
        }
        Filing.UploadedFile uploaded = uploaded(filing, file.evidenceId());
        if (!uploaded.detailsSent()) {
          String details = CyberTiplineXml.fileDetails(filing.reportId(), uploaded.fileId(), file);
          List<String> badDetails = schema.violations(details);
          if (!badDetails.isEmpty()) {
            return fail(filing, "file details do not match NCMEC's schema: " + badDetails);
          }
          filing = save(filing.starting("fileinfo:" + file.evidenceId()));
          client.fileInfo(details);
          filing = save(filing.detailsSent(file.evidenceId(), clock.instant()));
        }
      }
      filing = save(filing.starting("finish"));
      return finish(filing);
    } catch (CyberTiplineException e) {
      if (e.responseCode() == CyberTiplineException.NO_SUCH_REPORT) {
        // NCMEC no longer has the open report (deleted as stale): start again from /submit.
        return save(filing.abandoned());
      }
      if (e.retryable()) {
        // Nothing recorded as done was lost; the in-flight marker makes the retry safe.
        throw e;
      }
      return fail(filing, e.getMessage());
    }
  }

  private Filing finish(Filing filing) {
    try {
      client.finish(filing.reportId());
    } catch (CyberTiplineException e) {
      if (e.responseCode() != CyberTiplineException.ALREADY_FINISHED) {
        throw e;
      }
    }
    return save(filing.filed(filing.reportId()));
  }

  /** Puts a filing that a crash or NCMEC's clean-up interrupted back on a safe footing. */
  private Filing recover(Filing filing) {
    String inFlight = filing.inFlight();
    if (inFlight != null && inFlight.equals("finish")) {
      return filing;
    }
    Instant now = clock.instant();
    boolean stale =
        filing.reportId() != null
            && (filing.openedAt() == null
                || now.isAfter(filing.openedAt().plus(OPEN_LIMIT))
                || filing.lastChangeAt() == null
                || now.isAfter(filing.lastChangeAt().plus(IDLE_LIMIT)));
    if (inFlight == null && !stale) {
      return filing;
    }
    if (filing.reportId() != null) {
      try {
        client.retract(filing.reportId());
      } catch (CyberTiplineException e) {
        // Already gone, or NCMEC will delete it unfinished: either way it is never filed.
      }
    }
    return save(filing.abandoned());
  }

  private Filing fail(Filing filing, String why) {
    if (filing.reportId() != null) {
      try {
        client.retract(filing.reportId());
      } catch (CyberTiplineException e) {
        // Best effort: an unfinished report is deleted by NCMEC anyway.
      }
    }
    return save(filing.abandoned().withState(FilingState.FAILED, why));
  }

  private static Filing.UploadedFile uploaded(Filing filing, String evidenceId) {
    for (Filing.UploadedFile file : filing.uploads()) {
      if (file.evidenceId().equals(evidenceId)) {
        return file;
      }
    }
    return null;
  }

  private static String fileName(CyberTiplineReport.ReportedFile file) {
    return file.fileName() != null ? file.fileName() : file.evidenceId();
  }

  private Filing save(Filing filing) {
    store.save(filing);
    return filing;
  }
}
