package org.vigil.core.audit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * Walks the whole chain and reports the first entry whose link or hash does not hold. Entries that
 * retention pruned are accepted only as the pruning entries record them ({@link AuditPrunings}):
 * every missing number accounted for, and the entry after each gap linking to the hash recorded for
 * the gap's last entry.
 *
 * <p>Alone this proves only that the chain is self-consistent: someone able to write the database
 * can change an entry and recompute every later hash and the head, and {@link #verify()} still says
 * intact. {@link #verify(List, String)} closes that gap with signed checkpoints kept elsewhere: the
 * database must agree with every one of them.
 */
public final class AuditVerifier {

  /**
   * Outcome of a verification: how many entries were checked, the first broken one, and how many
   * were accounted for as pruned.
   */
  public record Result(long checked, Optional<Break> firstBreak, long pruned) {
    public Result(long checked, Optional<Break> firstBreak) {
      this(checked, firstBreak, 0);
    }

    public boolean intact() {
      return firstBreak.isEmpty();
    }
  }

  /** Where and why the chain breaks. */
  public record Break(long seq, String reason) {}

  private final AuditStore store;

  public AuditVerifier(AuditStore store) {
    this.store = store;
  }

  public Result verify() {
    return verify(List.of(), null);
  }

  /**
   * Verifies the chain and that it agrees with every checkpoint: each signature holds (by {@code
   * pinnedPublicKey} when given, base64 X.509, else by the key the checkpoint names) and the entry
   * at each checkpoint's sequence number has the signed hash.
   */
  public Result verify(List<AuditCheckpoint> checkpoints, String pinnedPublicKey) {
    Map<Long, AuditCheckpoint> bySeq = new HashMap<>();
    long highest = 0;
    for (AuditCheckpoint c : checkpoints) {
      if (pinnedPublicKey != null && !pinnedPublicKey.equals(c.publicKey())) {
        return new Result(
            0,
            Optional.of(
                new Break(c.seq(), "checkpoint is signed by another key (" + c.keyId() + ")")));
      }
      if (!AuditSigningKey.signatureValid(c)) {
        return new Result(
            0,
            Optional.of(
                new Break(
                    c.seq(), "checkpoint signature is invalid (signed at " + c.signedAt() + ")")));
      }
      AuditCheckpoint other = bySeq.put(c.seq(), c);
      if (other != null && !other.hash().equals(c.hash())) {
        return new Result(
            0,
            Optional.of(
                new Break(c.seq(), "two checkpoints sign different hashes for this entry")));
      }
      highest = Math.max(highest, c.seq());
    }
    long lastCheckpointed = highest;
    // Checked against signatures kept off the database, pruning entries count only when signed by
    // the same key (AuditPrunings): else anyone able to write the database could delete an entry
    // and append a pruning entry that claims it.
    Set<String> trustedKeys = new HashSet<>();
    if (pinnedPublicKey != null) {
      trustedKeys.add(pinnedPublicKey);
    } else {
      checkpoints.forEach(c -> trustedKeys.add(c.publicKey()));
    }
    NavigableMap<Long, AuditPrunings.Range> pruned =
        AuditPrunings.recorded(store.prunings(), trustedKeys);
    var state =
        new Object() {
          long checked;
          long pruned;
          long expectedSeq = 1;
          String prevHash = AuditChain.GENESIS;
          Break firstBreak;
        };
    store.forEach(
        entry -> {
          if (state.firstBreak != null) {
            return;
          }
          String linkTo = state.prevHash;
          AuditPrunings.Range gap =
              entry.seq() > state.expectedSeq
                  ? AuditPrunings.covering(pruned, state.expectedSeq, entry.seq() - 1)
                  : null;
          if (gap != null) {
            linkTo = gap.lastHash();
            state.pruned += entry.seq() - state.expectedSeq;
          }
          if (entry.seq() != state.expectedSeq && gap == null) {
            state.firstBreak =
                new Break(
                    entry.seq(),
                    "sequence gap: expected entry "
                        + state.expectedSeq
                        + ", found "
                        + entry.seq()
                        + (trustedKeys.isEmpty()
                            ? ""
                            : " (no pruning entry signed by the audit key accounts for it)"));
          } else if (!entry.prevHash().equals(linkTo)) {
            state.firstBreak =
                new Break(
                    entry.seq(),
                    gap == null
                        ? "previous-hash link does not match the entry before it"
                        : "previous-hash link does not match the hash recorded for pruned entry "
                            + gap.to());
          } else if (!AuditChain.expectedHash(entry).equals(entry.hash())) {
            state.firstBreak =
                new Break(entry.seq(), "content was altered: stored hash does not match");
          } else if (bySeq.containsKey(entry.seq())
              && !bySeq.get(entry.seq()).hash().equals(entry.hash())) {
            state.firstBreak =
                new Break(
                    entry.seq(),
                    "the database disagrees with the checkpoint signed at "
                        + bySeq.get(entry.seq()).signedAt()
                        + ": the log was rewritten at or before this entry");
          }
          state.checked++;
          state.expectedSeq = entry.seq() + 1;
          state.prevHash = entry.hash();
        });
    if (state.firstBreak == null && state.expectedSeq - 1 < lastCheckpointed) {
      state.firstBreak =
          new Break(
              state.expectedSeq,
              "entries missing: a checkpoint signs entry "
                  + lastCheckpointed
                  + " but the log ends at "
                  + (state.expectedSeq - 1));
    }
    if (state.firstBreak == null) {
      AuditStore.Head head = store.head();
      // Entries pruned at the very end (not done by retention, whose own entry comes after) count
      // as the log's end only as recorded.
      AuditPrunings.Range tail =
          head.seq() >= state.expectedSeq
              ? AuditPrunings.covering(pruned, state.expectedSeq, head.seq())
              : null;
      if (tail != null && tail.lastHash().equals(head.hash())) {
        state.pruned += head.seq() - state.expectedSeq + 1;
      } else if (head.seq() != state.expectedSeq - 1 || !head.hash().equals(state.prevHash)) {
        state.firstBreak =
            new Break(
                state.expectedSeq,
                "entries missing at the end: the head records entry "
                    + head.seq()
                    + " but the log ends at "
                    + (state.expectedSeq - 1));
      }
    }
    return new Result(state.checked, Optional.ofNullable(state.firstBreak), state.pruned);
  }
}
