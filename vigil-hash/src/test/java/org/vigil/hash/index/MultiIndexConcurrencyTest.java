package org.vigil.hash.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigil.hash.PdqHash;

/**
 * Queries run while one writer adds, replaces and removes entries (with a tiny tail, so segments
 * are sealed, merged and compacted all the time). Entry codes are built so that a torn entry —
 * words from two versions of one entry — has a distance no whole version has:
 *
 * <p>Version v of an entry near base b flips (v % 3 + 1)·2^k bits in word k, so a whole version is
 * at distance 15, 30 or 45 from b, and any mix of words from different versions is not a multiple
 * of 15. Stable entries (never touched) must be found in every query, and replace-only entries
 * exactly once with a whole version.
 */
class MultiIndexConcurrencyTest {

  private static final int BASES = 200;

  private static PdqHash version(PdqHash base, long id, int v) {
    int unit = v % 3 + 1;
    long[] w = {base.w0(), base.w1(), base.w2(), base.w3()};
    for (int k = 0; k < 4; k++) {
      int bits = unit << k;
      int shift = (int) ((id * 7 + v * 13L + k * 5) % (64 - bits));
      w[k] ^= ((1L << bits) - 1) << shift;
    }
    return new PdqHash(w[0], w[1], w[2], w[3]);
  }

  @Test
  void search_duringAddsReplacesAndRemoves_neverSeesATornOrMissingEntry() throws Exception {
    Random random = new Random(7);
    List<PdqHash> bases = new ArrayList<>();
    MultiIndexHammingIndex index = new MultiIndexHammingIndex(31, 32);
    for (int b = 0; b < BASES; b++) {
      PdqHash base =
          new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
      bases.add(base);
      index.add(b, base); // stable: ids 0..199
      index.add(1000 + b, version(base, 1000 + b, 0)); // replace-only: ids 1000..1199
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong queries = new AtomicLong();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

    Runnable reader =
        () -> {
          Random r = new Random(Thread.currentThread().getId());
          while (!stop.get() && problems.isEmpty()) {
            int b = r.nextInt(BASES);
            int[] stableSeen = {0};
            int[] replacedSeen = {0};
            index.search(
                bases.get(b),
                45,
                (id, distance) -> {
                  if (id == b) {
                    stableSeen[0]++;
                    if (distance != 0) {
                      problems.add("stable " + id + " at " + distance);
                    }
                  } else if (id % BASES == b && id >= 1000) {
                    if (id < 2000) {
                      replacedSeen[0]++;
                    }
                    if (distance % 15 != 0 || distance == 0) {
                      problems.add("torn entry " + id + " at distance " + distance);
                    }
                  }
                });
            if (stableSeen[0] != 1) {
              problems.add("stable id " + b + " seen " + stableSeen[0] + " times");
            }
            if (replacedSeen[0] != 1) {
              problems.add("replaced id " + (1000 + b) + " seen " + replacedSeen[0] + " times");
            }
            queries.incrementAndGet();
          }
        };
    Thread[] readers = {new Thread(reader), new Thread(reader)};
    for (Thread thread : readers) {
      thread.start();
    }
    long writes = 0;
    long until = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < until && problems.isEmpty()) {
      int b = random.nextInt(BASES);
      int v = random.nextInt(1000);
      switch (random.nextInt(3)) {
        case 0 -> index.add(1000 + b, version(bases.get(b), 1000 + b, v));
        case 1 -> index.add(2000 + b, version(bases.get(b), 2000 + b, v));
        default -> index.remove(2000 + b);
      }
      writes++;
    }
    stop.set(true);
    for (Thread thread : readers) {
      thread.join();
    }

    assertThat(problems).isEmpty();
    assertThat(queries.get()).isGreaterThan(100);
    assertThat(writes).isGreaterThan(1000);
  }
}
