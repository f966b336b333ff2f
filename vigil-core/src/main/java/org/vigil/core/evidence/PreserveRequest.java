package org.vigil.core.evidence;

/**
 * What to preserve.
 *
 * @param source the decision or case the evidence belongs to ({@code dec_…}, {@code case_…})
 * @param contentId the platform's id of the content, when known
 * @param mediaType e.g. {@code image/jpeg}; {@code application/json} for metadata-only evidence
 * @param jurisdiction whose retention period applies (null: the default)
 */
public record PreserveRequest(
    String tenant,
    String source,
    String contentId,
    String mediaType,
    String jurisdiction,
    byte[] bytes) {

  public PreserveRequest {
    if (tenant == null || tenant.isBlank()) {
      throw new IllegalArgumentException("tenant is required");
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("source is required");
    }
    if (bytes == null) {
      throw new IllegalArgumentException("bytes are required");
    }
    if (mediaType == null || mediaType.isBlank()) {
      mediaType = "application/octet-stream";
    }
  }
}
