package org.vigil.core.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One report to an authority and how far it has gone. Written before and after every call to the
 * authority, so a restart knows exactly which step may have been cut short: {@code inFlight} names
 * the call that was started but whose answer was never recorded.
 *
 * @param requestedBy who asked for the report (a second person must confirm under four eyes)
 * @param confirmedBy the second specialist who confirmed it, or null
 * @param reportId the authority's id once /submit answered, else null
 * @param openedAt when the current remote report was opened (NCMEC deletes unfinished ones)
 * @param lastChangeAt the last successful change to the remote report
 * @param uploads the files uploaded into the current remote report
 * @param inFlight the call started and not yet recorded ({@code submit}, {@code upload:<evidence>},
 *     {@code fileinfo:<evidence>}, {@code finish}), or null
 */
public record Filing(
    String id,
    String tenant,
    String caseId,
    String requestedBy,
    String confirmedBy,
    FilingState state,
    Long reportId,
    Instant openedAt,
    Instant lastChangeAt,
    List<UploadedFile> uploads,
    String inFlight,
    String failure,
    int attempts) {

  public Filing {
    uploads = uploads == null ? List.of() : List.copyOf(uploads);
  }

  /** A file in the remote report. */
  public record UploadedFile(String evidenceId, String fileId, boolean detailsSent) {}

  public static Filing start(
      String id, String tenant, String caseId, String requestedBy, boolean needsConfirmation) {
    return new Filing(
        id,
        tenant,
        caseId,
        requestedBy,
        null,
        needsConfirmation ? FilingState.AWAITING_CONFIRMATION : FilingState.SENDING,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        0);
  }

  /** Confirmed by a second specialist: it may now be sent. */
  public Filing confirmed(String by) {
    return new Filing(
        id,
        tenant,
        caseId,
        requestedBy,
        by,
        FilingState.SENDING,
        reportId,
        openedAt,
        lastChangeAt,
        uploads,
        inFlight,
        failure,
        attempts);
  }

  public Filing withState(FilingState newState, String why) {
    return new Filing(
        id,
        tenant,
        caseId,
        requestedBy,
        confirmedBy,
        newState,
        reportId,
        openedAt,
        lastChangeAt,
        uploads,
        inFlight,
        why,
        attempts);
  }

  public Filing starting(String call) {
    return new Filing(
        id,
        tenant,
        caseId,
        requestedBy,
        confirmedBy,
        state,
        reportId,
        openedAt,
        lastChangeAt,
        uploads,
        call,
        failure,
        attempts + 1);
  }

  /** A fresh remote report (after /submit), forgetting any earlier one's files. */
  public Filing opened(long newReportId, Instant at) {
    return new Filing(
        id,
        tenant,
        caseId,
        requestedBy,
        confirmedBy,
        state,
        newReportId,
        at,
        at,
        List.of(),
        null,
        failure,
        attempts);
  }

  public Filing uploaded(String evidenceId, String fileId, Instant at) {
    List<UploadedFile> more = new ArrayList<>(uploads);
    more.add(new UploadedFile(evidenceId, fileId, false));
    return new Filing(
        id,
        tenant,
        caseId,
        requestedBy,
        confirmedBy,
        state,
        reportId,
        openedAt,
        at,
        more,
        null,
        failure,
        attempts);
  }

  public Filing detailsSent(String evidenceId, Instant at) {
    List<UploadedFile> updated = new ArrayList<>();
    for (UploadedFile file : uploads) {
      updated.add(
          file.evidenceId().equals(evidenceId)
              ? new UploadedFile(file.evidenceId(), file.fileId(), true)
              : file);
    }
    return new Filing(
        id,
        tenant,
        caseId,
        requestedBy,
        confirmedBy,
        state,
        reportId,
        openedAt,
        at,
        updated,
        null,
        failure,
        attempts);
  }

  /** Forgets the remote report (retracted, or deleted by the authority): start from /submit. */
  public Filing abandoned() {
    return new Filing(
        id,
        tenant,
        caseId,
        requestedBy,
        confirmedBy,
        state,
        null,
        null,
        null,
        List.of(),
        null,
        failure,
        attempts);
  }

  public Filing filed(long finalReportId) {
    return new Filing(
        id,
        tenant,
        caseId,
        requestedBy,
        confirmedBy,
        FilingState.FILED,
        finalReportId,
        openedAt,
        lastChangeAt,
        uploads,
        null,
        null,
        attempts);
  }
}
