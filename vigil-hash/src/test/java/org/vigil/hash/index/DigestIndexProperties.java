package org.vigil.hash.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The compact digest index behaves like a plain map from id to lowercase digest. */
class DigestIndexProperties {

  private static String randomDigest(Random random, List<String> pool) {
    if (!pool.isEmpty() && random.nextInt(3) == 0) {
      return pool.get(random.nextInt(pool.size()));
    }
    int bytes = random.nextBoolean() ? 16 : 32;
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < bytes; i++) {
      hex.append(String.format(Locale.ROOT, "%02x", random.nextInt(256)));
    }
    String digest = random.nextBoolean() ? hex.toString() : hex.toString().toUpperCase(Locale.ROOT);
    pool.add(digest);
    return digest;
  }

  private static TreeSet<Long> lookup(DigestIndex index, String digest) {
    TreeSet<Long> found = new TreeSet<>();
    index.lookup(digest, id -> assertThat(found.add(id)).isTrue());
    return found;
  }

  @Test
  void lookup_afterRandomAddsAndRemoves_matchesAMapModel() {
    qt().withExamples(25)
        .forAll(longs().all())
        .checkAssert(DigestIndexProperties::checkAgainstMapModel);
  }

  private static void checkAgainstMapModel(long seed) {
    Random random = new Random(seed);
    DigestIndex index = new DigestIndex();
    Map<Long, String> model = new HashMap<>();
    List<String> pool = new ArrayList<>();
    for (int step = 0; step < 1500; step++) {
      long id = random.nextInt(300);
      if (random.nextInt(4) == 0) {
        assertThat(index.remove(id)).isEqualTo(model.remove(id) != null);
      } else {
        String digest = randomDigest(random, pool);
        index.add(id, digest);
        model.put(id, digest.toLowerCase(Locale.ROOT));
      }
    }
    assertThat(index.size()).isEqualTo(model.size());
    for (String digest : pool) {
      TreeSet<Long> expected = new TreeSet<>();
      model.forEach(
          (id, d) -> {
            if (d.equals(digest.toLowerCase(Locale.ROOT))) {
              expected.add(id);
            }
          });
      assertThat(lookup(index, digest)).isEqualTo(expected);
      assertThat(lookup(index, digest.toUpperCase(Locale.ROOT))).isEqualTo(expected);
    }
  }

  @Test
  void lookup_prefixOfAStoredDigest_findsNothing() {
    DigestIndex index = new DigestIndex();
    index.add(1, "d41d8cd98f00b204e9800998ecf8427e");

    assertThat(lookup(index, "d41d8cd98f00b204e9800998ecf8427e")).containsExactly(1L);
    assertThat(lookup(index, "d41d8cd98f00b204e9800998ecf842")).isEmpty();
    assertThat(lookup(index, "d41d8cd98f00b204e9800998ecf8427e00")).isEmpty();
    assertThat(lookup(index, "not hex at all")).isEmpty();
    assertThat(lookup(index, null)).isEmpty();
  }

  @Test
  void add_notHex_throwsNamingTheDigest() {
    DigestIndex index = new DigestIndex();

    assertThatThrownBy(() -> index.add(1, "xyz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'xyz'");
    assertThat(index.size()).isZero();
  }
}
