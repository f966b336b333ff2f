package org.vigil.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

class AuditPruningsTest {

  private static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");

  private static final AuditSigningKey KEY = AuditSigningKey.generate();

  /** A valid chain of {@code n} entries, seq 1..n. */
  private static List<AuditEntry> chain(int n) {
    List<AuditEntry> entries = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (long seq = 1; seq <= n; seq++) {
      AuditEvent event = new AuditEvent("key:t", "scan.decide", "decision:d" + seq, "{}");
      String hash = AuditChain.link(prev, seq, AT, event);
      entries.add(
          new AuditEntry(seq, AT, "key:t", "scan.decide", event.subject(), "{}", prev, hash));
      prev = hash;
    }
    return entries;
  }

  @Test
  void ranges_runsOfConsecutiveEntriesWithTheLastHash() {
    List<AuditEntry> all = chain(6);
    List<AuditEntry> pruned = List.of(all.get(4), all.get(0), all.get(3), all.get(1));

    assertThat(AuditPrunings.ranges(pruned))
        .containsExactly(
            new AuditPrunings.Range(1, 2, all.get(1).hash()),
            new AuditPrunings.Range(4, 5, all.get(4).hash()));
  }

  @Test
  void ranges_alteredOrUnlinkedEntry_refused() {
    List<AuditEntry> all = chain(3);
    AuditEntry altered =
        new AuditEntry(
            2,
            AT,
            "key:t",
            "scan.decide",
            "decision:d2",
            "{\"x\":1}",
            all.get(0).hash(),
            all.get(1).hash());
    assertThatThrownBy(() -> AuditPrunings.ranges(List.of(all.get(0), altered)))
        .hasMessageContaining("audit entry 2 does not verify");

    // Entry 3 relinked to a made-up predecessor: its own hash holds, its link within the run not.
    AuditEvent event = new AuditEvent("key:t", "scan.decide", "decision:d3", "{}");
    String other = "f".repeat(64);
    AuditEntry relinked =
        new AuditEntry(
            3,
            AT,
            "key:t",
            "scan.decide",
            "decision:d3",
            "{}",
            other,
            AuditChain.link(other, 3, AT, event));
    assertThatThrownBy(() -> AuditPrunings.ranges(List.of(all.get(1), relinked)))
        .hasMessageContaining("audit entry 3 does not link to entry 2");
  }

  @Test
  void covering_everyNumberAccountedForAndEndingAtTheGapsEnd() {
    AuditEvent first =
        AuditPrunings.event(List.of(new AuditPrunings.Range(2, 4, "h4")), java.util.Map.of(), KEY);
    AuditEvent second =
        AuditPrunings.event(
            List.of(new AuditPrunings.Range(5, 6, "h6"), new AuditPrunings.Range(9, 9, "h9")),
            java.util.Map.of(),
            KEY);
    List<AuditEntry> entries = List.of(pruning(10, first), pruning(11, second));
    NavigableMap<Long, AuditPrunings.Range> recorded =
        AuditPrunings.recorded(entries, java.util.Set.of());

    // Two pruning entries together account for 2..6; the range ending at 6 carries the link.
    assertThat(AuditPrunings.covering(recorded, 2, 6))
        .isEqualTo(new AuditPrunings.Range(5, 6, "h6"));
    assertThat(AuditPrunings.covering(recorded, 9, 9))
        .isEqualTo(new AuditPrunings.Range(9, 9, "h9"));
    // 7 was never pruned; and a gap ending inside a range means an entry there is missing too.
    assertThat(AuditPrunings.covering(recorded, 5, 7)).isNull();
    assertThat(AuditPrunings.covering(recorded, 2, 3)).isNull();
    assertThat(AuditPrunings.covering(recorded, 1, 4)).isNull();
  }

  private static AuditEntry pruning(long seq, AuditEvent event) {
    return new AuditEntry(
        seq,
        AT,
        "system",
        AuditPrunings.ACTION,
        AuditPrunings.SUBJECT,
        event.detailsJson(),
        "p",
        "h");
  }

  /**
   * Checked against a key, a pruning entry counts only with a valid signature by it: one signed by
   * another key, or whose runs were widened after signing, accounts for nothing.
   */
  @Test
  void recorded_withTrustedKeys_onlyEntriesSignedByThem() {
    List<AuditPrunings.Range> runs = List.of(new AuditPrunings.Range(2, 4, "h4"));
    AuditEvent signed = AuditPrunings.event(runs, java.util.Map.of(), KEY);
    AuditEvent byAnother =
        AuditPrunings.event(runs, java.util.Map.of(), AuditSigningKey.generate());
    AuditEvent widened =
        new AuditEvent(
            signed.actor(),
            signed.action(),
            signed.subject(),
            signed.detailsJson().replace("[2,4,", "[1,4,"));
    java.util.Set<String> trusted = java.util.Set.of(KEY.publicKeyBase64());

    assertThat(AuditPrunings.recorded(List.of(pruning(10, signed)), trusted)).hasSize(1);
    assertThat(AuditPrunings.recorded(List.of(pruning(10, byAnother)), trusted)).isEmpty();
    assertThat(AuditPrunings.recorded(List.of(pruning(10, widened)), trusted)).isEmpty();
    // Without keys (the plain self-consistency check) each counts as written.
    assertThat(AuditPrunings.recorded(List.of(pruning(10, widened)), java.util.Set.of()))
        .containsKey(1L);
  }
}
