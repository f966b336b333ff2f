package org.vigil.report.ncmec;

/**
 * NCMEC refused a call, or could not be reached. The HTTP status and the application's response
 * code can both signal failure (NCMEC documents HTTP 400 together with code 4100), so both are
 * kept.
 */
public final class CyberTiplineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The report has already been finished (documented code 5102). */
  public static final int ALREADY_FINISHED = 5102;

  /** The report does not exist, e.g. NCMEC deleted an unfinished one (documented code 5001). */
  public static final int NO_SUCH_REPORT = 5001;

  private final int httpStatus;
  private final int responseCode;

  public CyberTiplineException(int httpStatus, int responseCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.responseCode = responseCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** NCMEC's code, or -1 when the answer carried none (a network error, an HTML error page). */
  public int responseCode() {
    return responseCode;
  }

  /**
   * Whether trying the same call again later may succeed: network errors, HTTP 429 and 5xx, and
   * NCMEC's server-side codes (1000–1111). Authentication, authorisation and validation failures
   * (2000, 3xxx, 4xxx) need a person; retrying them would only repeat the refusal.
   */
  public boolean retryable() {
    if (responseCode >= 1000 && responseCode < 2000) {
      return true;
    }
    if (responseCode >= 2000) {
      return false;
    }
    return httpStatus <= 0 || httpStatus == 429 || httpStatus >= 500;
  }
}
