package org.vigil.core.audit;

import java.util.Optional;

/** Walks the whole chain and reports the first entry whose link or hash does not hold. */
public final class AuditVerifier {

  /** Outcome of a verification: how many entries were checked, and the first broken one. */
  public record Result(long checked, Optional<Break> firstBreak) {
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
    var state =
        new Object() {
          long checked;
          long expectedSeq = 1;
          String prevHash = AuditChain.GENESIS;
          Break firstBreak;
        };
    store.forEach(
        entry -> {
          if (state.firstBreak != null) {
            return;
          }
          if (entry.seq() != state.expectedSeq) {
            state.firstBreak =
                new Break(
                    entry.seq(),
                    "sequence gap: expected entry " + state.expectedSeq + ", found " + entry.seq());
          } else if (!entry.prevHash().equals(state.prevHash)) {
            state.firstBreak =
                new Break(entry.seq(), "previous-hash link does not match the entry before it");
          } else if (!AuditChain.expectedHash(entry).equals(entry.hash())) {
            state.firstBreak =
                new Break(entry.seq(), "content was altered: stored hash does not match");
          }
          state.checked++;
          state.expectedSeq = entry.seq() + 1;
          state.prevHash = entry.hash();
        });
    if (state.firstBreak == null) {
      AuditStore.Head head = store.head();
      if (head.seq() != state.expectedSeq - 1 || !head.hash().equals(state.prevHash)) {
        state.firstBreak =
            new Break(
                state.expectedSeq,
                "entries missing at the end: the head records entry "
                    + head.seq()
                    + " but the log ends at "
                    + (state.expectedSeq - 1));
      }
    }
    return new Result(state.checked, Optional.ofNullable(state.firstBreak));
  }
}
