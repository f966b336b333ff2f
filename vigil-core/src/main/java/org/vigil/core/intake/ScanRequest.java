package org.vigil.core.intake;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One content item to decide on asynchronously: what travels on the {@code vigil.scan.requests}
 * topic (docs/kafka.md has its JSON schema). Either the platform's own hashes or the image itself,
 * never both.
 *
 * @param requestId the caller's handle on the decision, unique within the tenant; a decision is
 *     made at most once per (tenant, requestId)
 * @param tenant whose request it is
 * @param submittedBy the key id that submitted it (audit and {@code requestedBy}), or a name for a
 *     direct producer
 * @param submittedAt when it was accepted; part of the decision id, so it must not change when the
 *     message is delivered again
 * @param contentId the platform's id of the content; the message key, so one content id stays in
 *     one partition (nullable: the request id keys it then)
 * @param hashes the platform's hashes, or null when {@code media} is given
 * @param media the image bytes Vigil hashes itself, or null when {@code hashes} is given
 * @param context flat platform fields, as in POST /v1/scan
 */
public record ScanRequest(
    String requestId,
    String tenant,
    String submittedBy,
    Instant submittedAt,
    String contentId,
    Hashes hashes,
    byte[] media,
    Map<String, Object> context) {

  /** Letters, digits and {@code . _ : -}, 1 to 100 characters: safe in URLs, keys and logs. */
  public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  /** The hashes a platform computed itself; any of them may be null but not all. */
  public record Hashes(String pdq, int pdqQuality, String md5, String sha256) {}

  public ScanRequest {
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      throw new IllegalArgumentException(
          "requestId must be 1 to 100 letters, digits or . _ : -, got '" + requestId + "'");
    }
    if (tenant == null || tenant.isBlank()) {
      throw new IllegalArgumentException("tenant is required");
    }
    if (submittedBy == null || submittedBy.isBlank()) {
      throw new IllegalArgumentException("submittedBy is required");
    }
    if (submittedAt == null) {
      throw new IllegalArgumentException("submittedAt is required");
    }
    if ((hashes == null) == (media == null)) {
      throw new IllegalArgumentException("give either hashes or media, not both or neither");
    }
    if (hashes != null && hashes.pdq() == null && hashes.md5() == null && hashes.sha256() == null) {
      throw new IllegalArgumentException(
          "give at least one of hashes.pdq, hashes.md5, hashes.sha256");
    }
    context = context == null ? Map.of() : Map.copyOf(context);
  }

  /** The message key: the content id, so one content's requests stay in order on one partition. */
  public String partitionKey() {
    return contentId != null ? contentId : requestId;
  }
}
