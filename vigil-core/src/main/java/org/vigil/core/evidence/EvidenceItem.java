package org.vigil.core.evidence;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One preserved item, as its metadata row records it. The bytes live encrypted in {@link
 * EvidenceBlobs}; nothing here is secret except that the item exists.
 *
 * @param id {@code ev_…}
 * @param source what the evidence belongs to: a decision id or a case id
 * @param contentId the platform's id of the content, when known
 * @param sha256 hex SHA-256 of the plaintext, to prove integrity on every read
 * @param jurisdiction whose retention period applies
 * @param retainUntil not deleted before this instant
 * @param holdReason non-null while a legal hold stops deletion
 * @param deletedAt when the bytes were destroyed, or null
 */
public record EvidenceItem(
    String id,
    String tenant,
    String source,
    String contentId,
    String mediaType,
    long size,
    String sha256,
    String jurisdiction,
    Instant createdAt,
    Instant retainUntil,
    String holdReason,
    Instant deletedAt) {

  @JsonProperty("held")
  public boolean held() {
    return holdReason != null;
  }

  @JsonProperty("deleted")
  public boolean deleted() {
    return deletedAt != null;
  }

  /** Whether the scheduler may destroy it at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !deleted() && !held() && !now.isBefore(retainUntil);
  }
}
