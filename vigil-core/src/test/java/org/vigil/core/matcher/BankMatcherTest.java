package org.vigil.core.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.SignalType;
import org.vigil.hash.PdqHash;

class BankMatcherTest {

  private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

  private static Bank bank(String name, int threshold) {
    return new Bank(name, "", threshold, BankAction.REVIEW, true, NOW, NOW);
  }

  /** The code with exactly {@code bits} distinct bits flipped. */
  private static PdqHash flip(PdqHash code, int bits, SplittableRandom random) {
    long[] w = {code.w0(), code.w1(), code.w2(), code.w3()};
    boolean[] done = new boolean[256];
    for (int flipped = 0; flipped < bits; ) {
      int bit = random.nextInt(256);
      if (!done[bit]) {
        done[bit] = true;
        w[bit >>> 6] ^= 1L << (bit & 63);
        flipped++;
      }
    }
    return new PdqHash(w[0], w[1], w[2], w[3]);
  }

  /**
   * Two banks of 40,000 hashes (large enough for a tuned, multi-band layout), bulk-loaded the way
   * start-up loads them: each reports the matches within its own threshold, and only those.
   */
  @Test
  void match_twoLargeBanksWithDifferentThresholds_eachUsesItsOwn() {
    SplittableRandom random = new SplittableRandom(8);
    List<Signal> signals = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      PdqHash code =
          new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
      signals.add(new Signal(i, "x", SignalType.PDQ, code.toHex(), null, "test", null, NOW));
    }
    BankMatcher matcher = new BankMatcher();
    matcher.replaceBank(bank("strict", 31), signals::forEach);
    matcher.replaceBank(bank("loose", 48), signals::forEach);
    PdqHash target = PdqHash.fromHex(signals.get(12_345).value());

    List<Match> at40 =
        matcher.match(new ScanHashes(flip(target, 40, random), 100, null, null), true);
    List<Match> at20 =
        matcher.match(new ScanHashes(flip(target, 20, random), 100, null, null), true);

    assertThat(at40)
        .extracting(Match::bank, Match::signalId, Match::distance)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("loose", 12_345L, 40));
    assertThat(at20)
        .extracting(Match::bank, Match::signalId, Match::distance)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("loose", 12_345L, 20),
            org.assertj.core.groups.Tuple.tuple("strict", 12_345L, 20));
  }
}
