package org.vigil.hash.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.hash.PdqHash;

/** What an index snapshot reads back from the indexes: exactly their live entries. */
class IndexEntriesTest {

  @Test
  void entries_afterAddsReplacementsAndRemovals_areExactlyTheLiveEntries() {
    for (HammingIndex index :
        List.of(new MultiIndexHammingIndex(31, 64), new LinearScanHammingIndex())) {
      Random random = new Random(7);
      Map<Long, PdqHash> live = new HashMap<>();
      for (int i = 0; i < 2000; i++) {
        long id = random.nextInt(1500);
        if (random.nextInt(5) == 0) {
          index.remove(id);
          live.remove(id);
        } else {
          PdqHash code =
              new PdqHash(
                  random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
          index.add(id, code);
          live.put(id, code);
        }
      }
      HammingIndex.Entries entries = index.entries();
      Map<Long, PdqHash> read = new HashMap<>();
      for (int i = 0; i < entries.count(); i++) {
        long[] c = entries.codes();
        assertThat(
                read.put(
                    entries.ids()[i],
                    new PdqHash(c[4 * i], c[4 * i + 1], c[4 * i + 2], c[4 * i + 3])))
            .as("id %d listed once", entries.ids()[i])
            .isNull();
      }
      assertThat(read).as(index.getClass().getSimpleName()).isEqualTo(live);
      Map<Long, PdqHash> visited = new HashMap<>();
      index.forEachEntry(
          (id, w0, w1, w2, w3) ->
              assertThat(visited.put(id, new PdqHash(w0, w1, w2, w3))).as("visited once").isNull());
      assertThat(visited).as(index.getClass().getSimpleName()).isEqualTo(live);
    }
  }

  @Test
  void forEach_listsEveryDigestOnceInLowercase() {
    DigestIndex index = new DigestIndex();
    Random random = new Random(8);
    Map<Long, String> live = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      long id = random.nextInt(2000);
      if (random.nextInt(4) == 0) {
        index.remove(id);
        live.remove(id);
      } else {
        byte[] digest = new byte[random.nextBoolean() ? 16 : 32];
        random.nextBytes(digest);
        String hex = HexFormat.of().formatHex(digest);
        index.add(id, random.nextBoolean() ? hex.toUpperCase(java.util.Locale.ROOT) : hex);
        live.put(id, hex);
      }
    }
    Map<Long, String> read = new HashMap<>();
    Set<Long> twice = new HashSet<>();
    index.forEach(
        (id, hex) -> {
          if (read.put(id, hex) != null) {
            twice.add(id);
          }
        });
    assertThat(twice).isEmpty();
    assertThat(read).isEqualTo(live);
  }
}
