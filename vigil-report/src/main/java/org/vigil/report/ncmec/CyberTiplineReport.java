package org.vigil.report.ncmec;

import java.time.Instant;
import java.util.List;

/**
 * What one CyberTipline report says, before it becomes XML. Text-only reports (enticement,
 * trafficking) simply have no files: they are first-class, not a degenerate image report.
 *
 * @param incidentTime when the incident happened; NCMEC requires it to be in the past
 * @param escalation non-null asks NCMEC to treat the report as high priority, with the reason
 * @param contentUrl where the content was, if on a web page
 * @param chatSummary for chat/IM incidents: a neutral summary of the conversation
 * @param reporter who files (the reporting person's email is required by NCMEC)
 * @param reported the suspect's account on the platform, or null when unknown
 * @param victim a child victim's account, or null
 * @param files the files to upload with their details; empty for a text-only report
 */
public record CyberTiplineReport(
    IncidentType incidentType,
    String platform,
    String escalation,
    boolean csamSolicitation,
    Instant incidentTime,
    String incidentTimeDescription,
    String contentUrl,
    String chatSummary,
    Reporter reporter,
    Account reported,
    Account victim,
    List<ReportedFile> files,
    String additionalInfo) {

  public CyberTiplineReport {
    if (incidentType == null) {
      throw new IllegalArgumentException("incidentType is required");
    }
    if (incidentTime == null) {
      throw new IllegalArgumentException("incidentTime is required");
    }
    if (reporter == null) {
      throw new IllegalArgumentException("reporter is required");
    }
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** The filing company, from configuration. */
  public record Reporter(String email, String companyTemplate, String legalUrl) {
    public Reporter {
      if (email == null || email.isBlank()) {
        throw new IllegalArgumentException("the reporting person's email is required by NCMEC");
      }
    }
  }

  /** An account on the platform: the reported user, or a victim. */
  public record Account(
      String espIdentifier, String screenName, Integer age, List<IpCapture> ipCaptures) {
    public Account {
      ipCaptures = ipCaptures == null ? List.of() : List.copyOf(ipCaptures);
    }
  }

  /** An IP address seen for an account, with what happened and when. */
  public record IpCapture(String ipAddress, String eventName, Instant at) {}

  /**
   * A file to upload.
   *
   * @param evidenceId the vault item holding the bytes
   * @param industryClassification A1, A2, B1 or B2, only for companies under NCMEC's industry MOU
   * @param generativeAi whether the file is believed to be AI-generated
   */
  public record ReportedFile(
      String evidenceId,
      String fileName,
      Instant uploadedAt,
      boolean viewedByEsp,
      boolean publiclyAvailable,
      String industryClassification,
      boolean generativeAi,
      String md5,
      String sha256,
      String pdq) {}
}
