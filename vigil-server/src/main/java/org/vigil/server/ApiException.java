package org.vigil.server;

/**
 * An HTTP-level refusal (authentication, authorisation, size, media type) with its JSON error body;
 * mapped once in {@link ErrorMapper}. Domain refusals use VigilException instead.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  public ApiException(int status, String code, String message, String field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiException unauthenticated(String message) {
    return new ApiException(401, "unauthenticated", message, null);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message, null);
  }

  public static ApiException malformedJson(String message) {
    return new ApiException(400, "malformed_json", message, null);
  }

  /** 429: the caller's rate is spent; the handler sets Retry-After. */
  public static ApiException rateLimited(long retryAfterSeconds) {
    return new ApiException(
        429,
        "rate_limited",
        "too many requests from this key; retry after " + retryAfterSeconds + " s",
        null);
  }

  public static ApiException tooLarge(long limit) {
    return new ApiException(
        413,
        "payload_too_large",
        "request body is larger than the limit of " + limit + " bytes",
        null);
  }

  public static ApiException unsupportedMedia(String message) {
    return new ApiException(415, "unsupported_media", message, null);
  }

  public static ApiException invalid(String field, String message) {
    return new ApiException(422, "invalid_field", message, field);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
