package org.vigil.core.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;

/**
 * Preserves, reads, holds and destroys evidence. Every read, hold and deletion goes into the audit
 * log; nothing is deleted before its retention date or while held.
 *
 * <p>Crash safety: the ciphertext is written (atomically, durably) before its metadata row, so a
 * crash between the two leaves an unreferenced blob, never a row without its bytes. {@link
 * #removeOrphans} deletes such blobs once they are older than a grace period, and a retried
 * preservation of the same bytes for the same source finds the committed row instead of making a
 * second copy: after any crash the vault holds exactly one readable copy.
 */
public final class EvidenceVault {

  private final EvidenceStore store;
  private final EvidenceBlobs blobs;
  private final EnvelopeCipher cipher;
  private final RetentionPolicy retention;
  private final AuditLog audit;
  private final Clock clock;

  public EvidenceVault(
      EvidenceStore store,
      EvidenceBlobs blobs,
      EnvelopeCipher cipher,
      RetentionPolicy retention,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.blobs = blobs;
    this.cipher = cipher;
    this.retention = retention;
    this.audit = audit;
    this.clock = clock;
  }

  /** Encrypts and stores {@code request}; returns the existing item when already preserved. */
  public EvidenceItem preserve(PreserveRequest request, String actor) {
    String sha256 = sha256(request.bytes());
    for (EvidenceItem existing : store.bySource(request.tenant(), request.source())) {
      if (existing.sha256().equals(sha256) && !existing.deleted()) {
        return existing;
      }
    }
    String id = "ev_" + UUID.randomUUID().toString().replace("-", "");
    SealedItem sealed = cipher.seal(id, request.bytes());
    Instant now = clock.instant();
    blobs.put(id, sealed.ciphertext());
    EvidenceItem item =
        new EvidenceItem(
            id,
            request.tenant(),
            request.source(),
            request.contentId(),
            request.mediaType(),
            request.bytes().length,
            sha256,
            request.jurisdiction(),
            now,
            retention.retainUntil(now, request.jurisdiction()),
            null,
            null);
    EvidenceItem stored =
        store.insertOrGet(item, new WrappedKey(sealed.wrappedKey(), cipher.keyId()));
    if (!stored.id().equals(id)) {
      // Another preservation of the same bytes won the race: ours is an orphan now.
      blobs.delete(id);
      return stored;
    }
    audit.record(actor, "evidence.preserve", "evidence:" + id, details(stored));
    return stored;
  }

  /**
   * The first half of a preservation whose row is written in another transaction (a decision's):
   * encrypts {@code bytes} under a fresh data key and writes the ciphertext, durably. The caller
   * then stores {@link #item} with {@link SealedBlob#wrappedKey()} in its transaction, and calls
   * {@link #discard} if the store kept an earlier copy of the same bytes instead.
   */
  public SealedBlob seal(byte[] bytes) {
    String id = "ev_" + UUID.randomUUID().toString().replace("-", "");
    SealedItem sealed = cipher.seal(id, bytes);
    Instant now = clock.instant();
    blobs.put(id, sealed.ciphertext());
    return new SealedBlob(
        id, sha256(bytes), bytes.length, new WrappedKey(sealed.wrappedKey(), cipher.keyId()), now);
  }

  /** The metadata row of a sealed blob, with this vault's retention for {@code jurisdiction}. */
  public EvidenceItem item(
      SealedBlob blob,
      String tenant,
      String source,
      String contentId,
      String mediaType,
      String jurisdiction) {
    return blob.item(
        tenant,
        source,
        contentId,
        mediaType,
        jurisdiction,
        retention.retainUntil(blob.sealedAt(), jurisdiction));
  }

  /** Deletes a sealed blob that no row will reference (an earlier copy was kept instead). */
  public void discard(SealedBlob blob) {
    blobs.delete(blob.id());
  }

  /** The audit details of a preserved item (tenant, source, digest, size). */
  public static Map<String, Object> auditDetails(EvidenceItem item) {
    return details(item);
  }

  /** The item's metadata, for a caller of {@code tenant}. */
  public EvidenceItem describe(String tenant, String id) {
    EvidenceItem item = store.find(id).orElseThrow(() -> VigilException.notFound("evidence", id));
    if (!item.tenant().equals(tenant)) {
      // Another tenant's evidence does not exist for this caller.
      throw VigilException.notFound("evidence", id);
    }
    return item;
  }

  public List<EvidenceItem> bySource(String tenant, String source) {
    return store.bySource(tenant, source);
  }

  /**
   * The decrypted bytes, after checking them against the digest taken at preservation. The read is
   * audited before the bytes are returned.
   *
   * @throws VigilException 404 for unknown or another tenant's ids, 410 when already destroyed
   * @throws EvidenceIntegrityException when the stored bytes were altered
   */
  public byte[] read(String tenant, String id, String actor) {
    EvidenceItem item = describe(tenant, id);
    if (item.deleted()) {
      throw VigilException.conflict(
          "evidence_deleted", "evidence " + id + " was destroyed at " + item.deletedAt());
    }
    WrappedKey wrapped =
        store
            .wrappedKey(id)
            .orElseThrow(() -> new EvidenceIntegrityException(id, "its data key is missing"));
    byte[] ciphertext =
        blobs
            .get(id)
            .orElseThrow(() -> new EvidenceIntegrityException(id, "its bytes are missing"));
    byte[] plaintext = cipher.open(id, wrapped, ciphertext);
    if (!sha256(plaintext).equals(item.sha256())) {
      throw new EvidenceIntegrityException(
          id, "SHA-256 differs from the one taken at preservation");
    }
    audit.record(actor, "evidence.read", "evidence:" + id, details(item));
    return plaintext;
  }

  /**
   * Places a legal hold: the item is kept while held, and at least until {@code until} when given.
   */
  public EvidenceItem hold(String tenant, String id, String reason, Instant until, String actor) {
    if (reason == null || reason.isBlank()) {
      throw VigilException.invalid("reason", "a legal hold needs a reason (e.g. a case reference)");
    }
    EvidenceItem item = describe(tenant, id);
    if (item.deleted()) {
      throw VigilException.conflict(
          "evidence_deleted", "evidence " + id + " was destroyed at " + item.deletedAt());
    }
    Instant retainUntil =
        until != null && until.isAfter(item.retainUntil()) ? until : item.retainUntil();
    store.setHold(id, reason, retainUntil);
    Map<String, Object> details = details(item);
    details.put("reason", reason);
    details.put("retainUntil", retainUntil.toString());
    audit.record(actor, "evidence.hold", "evidence:" + id, details);
    return describe(tenant, id);
  }

  /**
   * How far past a report the retention is set before sending it: the report is made while sending,
   * minutes (or, with NCMEC refusing for a while, days) later, and each attempt extends again, so
   * the date always lies at least the retention period after the report itself.
   */
  public static final Duration REPORT_MARGIN = Duration.ofDays(1);

  /**
   * Keeps {@code items} for their jurisdiction's retention period counted from a report being made
   * now (the REPORT Act counts the year from the report, not from the preservation), plus {@link
   * #REPORT_MARGIN}. Only ever moves a date forward, and only by more than the margin, so a report
   * retried every 30 s for a day is audited once. Each extension is audited ({@code
   * evidence.retain}).
   *
   * @param report what the items are kept for, e.g. {@code ncmec:fil_…}
   */
  public void retainForReport(List<EvidenceItem> items, String report, String actor) {
    Instant now = clock.instant();
    for (EvidenceItem item : items) {
      if (item.deleted()) {
        continue;
      }
      Instant until = retention.retainUntil(now, item.jurisdiction()).plus(REPORT_MARGIN);
      if (!until.isAfter(item.retainUntil().plus(REPORT_MARGIN))) {
        continue;
      }
      store.extendRetention(item.id(), until);
      Map<String, Object> details = details(item);
      details.put("report", report);
      details.put("retainUntil", until.toString());
      audit.record(actor, "evidence.retain", "evidence:" + item.id(), details);
    }
  }

  /** Lifts a legal hold; the item is then deleted once its retention date has passed. */
  public EvidenceItem release(String tenant, String id, String actor) {
    EvidenceItem item = describe(tenant, id);
    store.setHold(id, null, item.retainUntil());
    audit.record(actor, "evidence.release", "evidence:" + id, details(item));
    return describe(tenant, id);
  }

  /**
   * Destroys every item whose retention has ended and that is not held: the ciphertext is deleted
   * and the wrapped key forgotten, each deletion audited. Run by the scheduler.
   *
   * @return how many items were destroyed
   */
  public int deleteExpired() {
    Instant now = clock.instant();
    int deleted = 0;
    for (EvidenceItem item : store.expired(now, 500)) {
      if (!item.expiredAt(now)) {
        continue;
      }
      blobs.delete(item.id());
      store.markDeleted(item.id(), now);
      Map<String, Object> details = details(item);
      details.put("retainUntil", item.retainUntil().toString());
      audit.record("system:retention", "evidence.delete", "evidence:" + item.id(), details);
      deleted++;
    }
    return deleted;
  }

  /**
   * Deletes blobs that no metadata row references: left by a crash between writing the ciphertext
   * and committing the row. Only blobs older than {@link #ORPHAN_GRACE} are considered, so a
   * preservation still in flight keeps its blob.
   *
   * @return how many blobs were removed
   */
  public int removeOrphans() {
    return removeOrphans(ORPHAN_GRACE);
  }

  /**
   * Deletes blobs that no metadata row references and that are older than {@code grace}, and the
   * store's incomplete writes (a temporary file a kill -9 cut short) older than it too. {@code
   * grace} must be longer than any preservation takes to commit, or a blob whose row is about to
   * commit could be deleted.
   *
   * @return how many blobs were removed (incomplete writes not counted)
   */
  public int removeOrphans(Duration grace) {
    if (grace == null || grace.isNegative() || grace.isZero()) {
      throw new IllegalArgumentException("the orphan grace period must be positive");
    }
    Instant before = clock.instant().minus(grace);
    int removed = 0;
    for (String id : blobs.idsOlderThan(before)) {
      if (!store.exists(id)) {
        blobs.delete(id);
        removed++;
      }
    }
    blobs.removeIncomplete(before);
    return removed;
  }

  /**
   * What a master-key rotation did.
   *
   * @param from the ids of the master keys the items were unwrapped with
   * @param to the id of the master key that now wraps them
   * @param rewrapped items whose data key this run re-wrapped
   * @param skipped items changed by someone else meanwhile (re-wrapped by another run, destroyed)
   * @param failed items whose data key no held key unwrapped (their ids); they keep their old key
   * @param remaining items not destroyed still wrapped by another key than {@code to} afterwards
   */
  public record KeyRotation(
      List<String> from,
      String to,
      int rewrapped,
      int skipped,
      List<String> failed,
      long remaining) {

    public KeyRotation {
      from = List.copyOf(from);
      failed = List.copyOf(failed);
    }
  }

  /**
   * Re-wraps the data key of every item not yet wrapped by {@code target}'s master key: unwrapped
   * by one of this vault's keys, wrapped again under the target's, row by row. The media is never
   * re-encrypted (its data key does not change). Each row is one atomic compare-and-set, so a run
   * cut short at any moment leaves every item wrapped by either key, and running it again skips the
   * items already done. The run is audited ({@code evidence.key_rotation}: key ids and counts,
   * never key material), once when it starts and once when it ends.
   *
   * @param target a cipher whose current key is the new master key
   */
  public KeyRotation rotateMasterKey(EnvelopeCipher target, String actor) {
    String to = target.keyId();
    List<String> from = new java.util.ArrayList<>(cipher.keyIds());
    from.remove(to);
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("from", from);
    started.put("to", to);
    started.put("pending", pending(to));
    audit.record(actor, "evidence.key_rotation.start", "vault:master-key", started);
    int rewrapped = 0;
    int skipped = 0;
    List<String> failed = new java.util.ArrayList<>();
    String after = "";
    while (true) {
      List<EvidenceStore.Wrapped> page = store.wrappedNotUnder(to, after, ROTATION_PAGE);
      for (EvidenceStore.Wrapped row : page) {
        after = row.id();
        WrappedKey replacement;
        try {
          replacement = cipher.rewrap(row.id(), row.key(), target);
        } catch (EvidenceIntegrityException e) {
          failed.add(row.id());
          continue;
        }
        if (store.replaceWrappedKey(row.id(), row.key(), replacement)) {
          rewrapped++;
        } else {
          skipped++;
        }
      }
      if (page.size() < ROTATION_PAGE) {
        break;
      }
    }
    KeyRotation result = new KeyRotation(from, to, rewrapped, skipped, failed, pending(to));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("from", from);
    details.put("to", to);
    details.put("rewrapped", rewrapped);
    details.put("skipped", skipped);
    details.put("failed", failed.size());
    if (!failed.isEmpty()) {
      details.put("failedItems", failed.subList(0, Math.min(failed.size(), 20)));
    }
    details.put("remaining", result.remaining());
    audit.record(actor, "evidence.key_rotation", "vault:master-key", details);
    return result;
  }

  private long pending(String keyId) {
    return store.countByMasterKey().stream()
        .filter(count -> !keyId.equals(count.keyId()))
        .mapToLong(EvidenceStore.KeyCount::items)
        .sum();
  }

  /** How many items not destroyed each master key wraps (null key id: preserved before ids). */
  public List<EvidenceStore.KeyCount> itemsByMasterKey() {
    return store.countByMasterKey();
  }

  /**
   * The ids of master keys that wrap items this vault cannot open because it does not hold them
   * (items without a key id are not counted): non-empty after a rotation to a key the configuration
   * does not name yet.
   */
  public List<String> missingMasterKeys() {
    return store.countByMasterKey().stream()
        .map(EvidenceStore.KeyCount::keyId)
        .filter(id -> id != null && !cipher.holds(id))
        .toList();
  }

  /** Rows re-wrapped per page of a rotation. */
  private static final int ROTATION_PAGE = 200;

  /** How long a blob without a metadata row is left alone (a preservation may be committing). */
  public static final Duration ORPHAN_GRACE = Duration.ofMinutes(10);

  private static Map<String, Object> details(EvidenceItem item) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tenant", item.tenant());
    details.put("source", item.source());
    details.put("sha256", item.sha256());
    details.put("size", item.size());
    return details;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
