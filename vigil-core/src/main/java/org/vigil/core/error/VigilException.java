package org.vigil.core.error;

/**
 * A refusal the caller can act on: a stable machine-readable code, a human message, and the field
 * of the request it concerns (or null). Adapters map {@link Kind} to their protocol (HTTP status,
 * CLI exit code) in one place.
 */
public class VigilException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, independent of transport. */
  public enum Kind {
    /** The request is syntactically fine but a value is invalid (HTTP 422). */
    INVALID,
    /** The request could not be parsed (HTTP 400). */
    MALFORMED,
    /** The named thing does not exist (HTTP 404). */
    NOT_FOUND,
    /** The request conflicts with existing state (HTTP 409). */
    CONFLICT,
    /** Too large (HTTP 413). */
    TOO_LARGE,
    /** Media type not supported (HTTP 415). */
    UNSUPPORTED_MEDIA,
    /** The caller may see the thing but not change it (HTTP 403). */
    FORBIDDEN
  }

  private final Kind kind;
  private final String code;
  private final String field;

  public VigilException(Kind kind, String code, String message, String field) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.field = field;
  }

  /** The caller sees the thing but its role or tenant may not change it. */
  public static VigilException forbidden(String message) {
    return new VigilException(Kind.FORBIDDEN, "forbidden", message, null);
  }

  public static VigilException invalid(String field, String message) {
    return new VigilException(Kind.INVALID, "invalid_field", message, field);
  }

  public static VigilException notFound(String what, String id) {
    return new VigilException(
        Kind.NOT_FOUND, "not_found", what + " '" + id + "' does not exist", null);
  }

  public static VigilException conflict(String code, String message) {
    return new VigilException(Kind.CONFLICT, code, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
