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
        AuditPrunings.event(List.of(new AuditPrunings.Range(2, 4, "h4")), java.util.Map.of());
    AuditEvent second =
        AuditPrunings.event(
            List.of(new AuditPrunings.Range(5, 6, "h6"), new AuditPrunings.Range(9, 9, "h9")),
            java.util.Map.of());
    NavigableMap<Long, AuditPrunings.Range> recorded =
        AuditPrunings.recorded(
            List.of(
                new AuditEntry(
                    10,
                    AT,
                    "system",
                    AuditPrunings.ACTION,
                    AuditPrunings.SUBJECT,
                    first.detailsJson(),
                    "p",
                    "h"),
                new AuditEntry(
                    11,
                    AT,
                    "system",
                    AuditPrunings.ACTION,
                    AuditPrunings.SUBJECT,
                    second.detailsJson(),
                    "p",
                    "h")));

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
}
