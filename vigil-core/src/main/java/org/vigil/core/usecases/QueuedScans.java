package org.vigil.core.usecases;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.banks.SignalType;
import org.vigil.core.intake.ScanQueue;
import org.vigil.core.intake.ScanRequest;
import org.vigil.core.intake.ScanRequestStatus;
import org.vigil.core.intake.ScanRequestStore;
import org.vigil.core.matcher.ScanHashes;
import org.vigil.core.records.DecisionIds;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;
import org.vigil.hash.MediaHashes;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.PdqHash;
import org.vigil.hash.decode.ImageFormat;
import org.vigil.hash.image.MediaHasher;

/**
 * Asynchronous scans: an API node accepts a request and hands it to the {@link ScanQueue}; a worker
 * takes it off the queue and decides it through the same {@link Scan} use case as a synchronous
 * call. Exactly one decision per (tenant, request id): its id is derived from the request ({@link
 * DecisionIds#forRequest}), so a request delivered again after a crash meets its own stored
 * decision and is not decided twice; its side effects leave only through the outbox, in the
 * decision's transaction.
 */
public final class QueuedScans {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Largest image an asynchronous scan carries (it travels inside the queued message). */
  public static final int MAX_MEDIA_BYTES = 7 * 1024 * 1024;

  private final Scan scans;
  private final DecisionLog decisions;
  private final ScanRequestStore requests;
  private final ScanQueue queue;
  private final MediaHasher hasher;
  private final Clock clock;

  /**
   * @param queue where accepted requests go; null on a process that only decides (a worker)
   */
  public QueuedScans(
      Scan scans,
      DecisionLog decisions,
      ScanRequestStore requests,
      ScanQueue queue,
      MediaHasher hasher,
      Clock clock) {
    this.scans = scans;
    this.decisions = decisions;
    this.requests = requests;
    this.queue = queue;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** Whether this process can accept asynchronous scans (it has a queue). */
  public boolean accepting() {
    return queue != null;
  }

  /**
   * Accepts a request: on the queue first, then recorded as pending (a worker that is faster than
   * this write records it itself), and only then answered.
   *
   * @return the request as queued, with its new id
   */
  public ScanRequest submit(
      Principal by,
      String contentId,
      ScanRequest.Hashes hashes,
      byte[] media,
      Map<String, Object> context) {
    if (queue == null) {
      throw new IllegalStateException("this process has no scan queue");
    }
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ScanRequest request =
        new ScanRequest(
            "req_" + HexFormat.of().formatHex(random),
            by.tenant(),
            by.keyId(),
            now,
            contentId,
            hashes,
            media,
            context);
    queue.submit(request);
    requests.recordPending(status(request, ScanRequestStatus.State.PENDING, null, now));
    return request;
  }

  /** What a status lookup finds: the request and, once decided, its decision. */
  public record Lookup(ScanRequestStatus status, Optional<DecisionRecord> decision) {}

  /** The request's state in {@code tenant}; empty when that tenant has no such request. */
  public Optional<Lookup> status(String tenant, String requestId) {
    Optional<ScanRequestStatus> found = requests.find(tenant, requestId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ScanRequestStatus status = found.get();
    if (status.state() == ScanRequestStatus.State.FAILED) {
      return Optional.of(new Lookup(status, Optional.empty()));
    }
    // The decision is the truth: a worker may have stopped between storing it and this row.
    Optional<DecisionRecord> decision = decisions.find(tenant, status.decisionId());
    if (decision.isPresent() && status.state() != ScanRequestStatus.State.DECIDED) {
      status =
          new ScanRequestStatus(
              status.requestId(),
              status.tenant(),
              status.decisionId(),
              status.contentId(),
              ScanRequestStatus.State.DECIDED,
              null,
              status.submittedAt(),
              decision.get().createdAt());
    }
    return Optional.of(new Lookup(status, decision));
  }

  /** A request that can never be decided, whatever retries: it goes to the dead letters. */
  public static final class UndecidableException extends Exception {
    private static final long serialVersionUID = 1L;

    public UndecidableException(String message) {
      super(message);
    }
  }

  /**
   * Decides a request taken off the queue, at most once: a request decided before (a delivery again
   * after a crash or a rebalance) returns the stored decision. Returns only when the decision is
   * durable.
   *
   * @throws UndecidableException for hashes or media that cannot be scanned
   */
  public DecisionRecord decide(ScanRequest request) throws UndecidableException {
    String decisionId =
        DecisionIds.forRequest(request.submittedAt(), request.tenant(), request.requestId());
    ScanHashes hashes = request.media() != null ? hash(request.media()) : parse(request.hashes());
    Map<String, Object> platform = new LinkedHashMap<>(request.context());
    if (request.contentId() != null) {
      platform.putIfAbsent("contentId", request.contentId());
    }
    Principal by = new Principal(request.submittedBy(), Role.PLATFORM, request.tenant());
    DecisionRecord decision;
    // The image travelled inside the request: a rule's preserve_evidence seals these bytes, as a
    // synchronous upload's, not just the decision's metadata.
    byte[] media = request.media();
    ScannedMedia scanned =
        media == null ? null : new ScannedMedia(imageType(media), "image", () -> media);
    try {
      decision = scans.scan(hashes, platform, by, decisionId, scanned);
    } catch (RuntimeException e) {
      // Most likely the stored decision's id refused this one: delivered again.
      Optional<DecisionRecord> existing = decisions.find(request.tenant(), decisionId);
      if (existing.isEmpty()) {
        throw e;
      }
      decision = existing.get();
    }
    return decision;
  }

  /**
   * Records that the requests are decided, all in one transaction (a worker calls it once per poll,
   * after {@link #decide}; GET /v1/scan/requests reads the decision itself meanwhile).
   */
  public void markDecided(java.util.List<ScanRequest> decided, java.util.List<DecisionRecord> by) {
    java.util.List<ScanRequestStatus> statuses = new java.util.ArrayList<>(decided.size());
    for (int i = 0; i < decided.size(); i++) {
      statuses.add(
          status(decided.get(i), ScanRequestStatus.State.DECIDED, null, by.get(i).createdAt()));
    }
    requests.markDecided(statuses);
  }

  /** Records that {@code request} could not be decided, and why. */
  public void fail(ScanRequest request, String reason) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    requests.markFailed(status(request, ScanRequestStatus.State.FAILED, reason, now), reason, now);
  }

  private static ScanRequestStatus status(
      ScanRequest request, ScanRequestStatus.State state, String reason, Instant at) {
    return new ScanRequestStatus(
        request.requestId(),
        request.tenant(),
        DecisionIds.forRequest(request.submittedAt(), request.tenant(), request.requestId()),
        request.contentId(),
        state,
        reason,
        request.submittedAt(),
        at);
  }

  /**
   * The media type of a queued image, from its signature bytes (the request does not carry the
   * upload's declared type); the hasher has already refused anything that is not one of these.
   */
  private static String imageType(byte[] media) {
    ImageFormat format = ImageFormat.sniff(media);
    return format == null
        ? "application/octet-stream"
        : "image/" + format.name().toLowerCase(java.util.Locale.ROOT);
  }

  private ScanHashes hash(byte[] media) throws UndecidableException {
    try {
      MediaHashes hashes = hasher.hash(media);
      return new ScanHashes(
          hashes.pdq(),
          hashes.pdq() == null ? -1 : hashes.quality(),
          hashes.md5(),
          hashes.sha256());
    } catch (MediaRejectedException e) {
      throw new UndecidableException(
          "media rejected ("
              + e.reason().name().toLowerCase(java.util.Locale.ROOT)
              + "): "
              + e.getMessage());
    }
  }

  /** Validates a platform's hashes as POST /v1/scan does. */
  public static ScanHashes parse(ScanRequest.Hashes hashes) throws UndecidableException {
    PdqHash pdq = null;
    if (hashes.pdq() != null) {
      if (!PdqHash.isValidHex(hashes.pdq())) {
        throw new UndecidableException("hashes.pdq must be 64 hex characters");
      }
      pdq = PdqHash.fromHex(hashes.pdq());
    }
    try {
      return new ScanHashes(
          pdq,
          hashes.pdqQuality(),
          hashes.md5() == null ? null : SignalType.MD5.normalise(hashes.md5()),
          hashes.sha256() == null ? null : SignalType.SHA256.normalise(hashes.sha256()));
    } catch (IllegalArgumentException e) {
      throw new UndecidableException(e.getMessage());
    }
  }
}
