package org.vigil.hash;

/** A media file Vigil will not hash, with a machine-readable reason. */
public final class MediaRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the file was refused; each maps to one HTTP status and error code. */
  public enum Reason {
    /** Not an image format Vigil decodes (HTTP 415). */
    UNSUPPORTED_FORMAT,
    /** Truncated, corrupt or empty (HTTP 422). */
    CORRUPT,
    /** Declared pixel count over the limit; refused before decoding (HTTP 422). */
    TOO_MANY_PIXELS,
    /** A video declaring (or decoding to) a longer duration than the limit (HTTP 422). */
    TOO_LONG
  }

  private final Reason reason;

  public MediaRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public MediaRejectedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
