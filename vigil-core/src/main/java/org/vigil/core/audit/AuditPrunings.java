package org.vigil.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.vigil.core.json.Json;

/**
 * Pruning audit entries without losing the chain's proof. Retention deletes the entry that recorded
 * a no-match decision together with that decision (the entry alone would outlive what it records,
 * about 420 bytes a scan for ever). Each deletion is one {@value #ACTION} entry in the same
 * transaction, naming every run of consecutive sequence numbers it removed and the hash of the
 * run's last entry, which the entry after the run links to. The verifier then accepts a gap only if
 * such entries account for every missing number and the link after it matches the recorded hash;
 * removing or changing any other entry still breaks the chain.
 *
 * <p>Before anything is deleted the pruned entries are checked as the verifier would (each hash
 * recomputes, each links to the one before it within its run), so a tampered entry is never pruned
 * away with the evidence of its tampering: the transaction fails instead.
 *
 * <p>The runs are signed with the audit signing key, the one that signs checkpoints and is kept off
 * the database. Without that, someone able to write the database could delete any entry and append
 * a pruning entry claiming it, and every signed checkpoint would still agree (the entries after it
 * keep their hashes). Verified against checkpoints or a pinned key, a pruning entry accounts for
 * nothing unless its signature holds by a trusted key.
 */
public final class AuditPrunings {

  /** The action of a pruning entry. */
  public static final String ACTION = "audit.prune";

  /** The subject of a pruning entry. */
  public static final String SUBJECT = "audit_log";

  /** Consecutive sequence numbers {@code from..to} removed; {@code lastHash} is {@code to}'s. */
  public record Range(long from, long to, String lastHash) {}

  private AuditPrunings() {}

  /**
   * The runs of consecutive sequence numbers in {@code pruned}, after checking that each entry's
   * hash recomputes and links to the entry before it within its run.
   *
   * @throws IllegalStateException naming the first entry that does not verify
   */
  public static List<Range> ranges(List<AuditEntry> pruned) {
    List<AuditEntry> sorted = new ArrayList<>(pruned);
    sorted.sort(Comparator.comparingLong(AuditEntry::seq));
    List<Range> ranges = new ArrayList<>();
    AuditEntry first = null;
    AuditEntry last = null;
    for (AuditEntry entry : sorted) {
      if (!AuditChain.expectedHash(entry).equals(entry.hash())) {
        throw new IllegalStateException(
            "audit entry " + entry.seq() + " does not verify (content altered); not pruning it");
      }
      if (last != null && entry.seq() == last.seq() + 1) {
        if (!entry.prevHash().equals(last.hash())) {
          throw new IllegalStateException(
              "audit entry " + entry.seq() + " does not link to entry " + last.seq());
        }
      } else {
        if (first != null) {
          ranges.add(new Range(first.seq(), last.seq(), last.hash()));
        }
        first = entry;
      }
      last = entry;
    }
    if (first != null) {
      ranges.add(new Range(first.seq(), last.seq(), last.hash()));
    }
    return ranges;
  }

  /** The pruning entry that records {@code ranges} ({@code why}: what the entries recorded). */
  public static AuditEvent event(List<Range> ranges, Map<String, Object> why, AuditSigningKey key) {
    List<List<Object>> runs = new ArrayList<>(ranges.size());
    long entries = 0;
    for (Range r : ranges) {
      runs.add(List.of(r.from(), r.to(), r.lastHash()));
      entries += r.to() - r.from() + 1;
    }
    Map<String, Object> details = new LinkedHashMap<>(why);
    details.put("entries", entries);
    details.put("ranges", runs);
    details.put("keyId", key.keyId());
    details.put("publicKey", key.publicKeyBase64());
    details.put("signature", Base64.getEncoder().encodeToString(key.signRaw(signedBytes(ranges))));
    try {
      return new AuditEvent("system", ACTION, SUBJECT, Json.MAPPER.writeValueAsString(details));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Exactly what is signed: a version tag and each run, one per line. */
  static byte[] signedBytes(List<Range> ranges) {
    StringBuilder text = new StringBuilder("vigil-audit-prune-v1\n");
    for (Range r : ranges) {
      text.append(r.from()).append('-').append(r.to()).append(':').append(r.lastHash());
      text.append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Every range the pruning entries record, by first sequence number. With {@code trustedKeys}
   * (base64 public keys) not empty, only entries signed by one of them count.
   */
  public static NavigableMap<Long, Range> recorded(
      List<AuditEntry> pruningEntries, Set<String> trustedKeys) {
    NavigableMap<Long, Range> byFrom = new TreeMap<>();
    for (AuditEntry entry : pruningEntries) {
      for (Range r : parse(entry, trustedKeys)) {
        byFrom.put(r.from(), r);
      }
    }
    return byFrom;
  }

  private static List<Range> parse(AuditEntry entry, Set<String> trustedKeys) {
    List<Range> ranges = new ArrayList<>();
    try {
      JsonNode details = Json.MAPPER.readTree(entry.detailsJson());
      for (JsonNode run : details.path("ranges")) {
        ranges.add(new Range(run.get(0).asLong(), run.get(1).asLong(), run.get(2).asText()));
      }
      String publicKey = details.path("publicKey").asText(null);
      if (!trustedKeys.isEmpty()
          && !(trustedKeys.contains(publicKey)
              && AuditSigningKey.valid(
                  publicKey, signedBytes(ranges), details.path("signature").asText(null)))) {
        return List.of();
      }
    } catch (JsonProcessingException | NullPointerException e) {
      // An unreadable pruning entry accounts for nothing; its own hash check reports it.
      return List.of();
    }
    return ranges;
  }

  /**
   * The range that ends at {@code to} if pruning entries account for every number {@code from..to},
   * else null.
   */
  static Range covering(NavigableMap<Long, Range> recorded, long from, long to) {
    long next = from;
    Range last = null;
    while (next <= to) {
      Map.Entry<Long, Range> floor = recorded.floorEntry(next);
      if (floor == null || floor.getValue().to() < next) {
        return null;
      }
      last = floor.getValue();
      next = last.to() + 1;
    }
    return last != null && last.to() == to ? last : null;
  }

  /** Why a pruning happened, for its entry's details. */
  public static Map<String, Object> noMatchDecisions(Instant createdBefore) {
    Map<String, Object> why = new LinkedHashMap<>();
    why.put("reason", "recorded decisions with verdict allow deleted by retention");
    why.put("decisionsCreatedBefore", createdBefore.toString());
    return why;
  }
}
