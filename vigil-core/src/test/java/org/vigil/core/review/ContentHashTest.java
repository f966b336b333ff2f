package org.vigil.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.core.error.VigilException;

/** The hashes a moderator's ncii removal may name: canonical, deduplicated, refused by field. */
class ContentHashTest {

  private static String hex(Random random, int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }

  @Test
  void validate_anyValidHashes_lowercasedInOrderWithoutDuplicates() {
    qt().forAll(integers().all())
        .checkAssert(
            seed -> {
              Random random = new Random(seed);
              List<ContentHash> given = new ArrayList<>();
              String pdq = hex(random, 32);
              String md5 = hex(random, 16);
              given.add(new ContentHash("pdq", pdq.toUpperCase()));
              given.add(new ContentHash("md5", md5));
              given.add(new ContentHash("pdq", pdq));
              assertThat(ContentHash.validate(given, "hashes"))
                  .containsExactly(new ContentHash("pdq", pdq), new ContentHash("md5", md5));
            });
  }

  @Test
  void validate_nothing_isEmpty() {
    assertThat(ContentHash.validate(null, "hashes")).isEmpty();
    assertThat(ContentHash.validate(List.of(), "hashes")).isEmpty();
  }

  @Test
  void validate_badEntries_refusedNamingTheField() {
    String sha = "ab".repeat(32);
    List<List<ContentHash>> bad = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    bad.add(List.of(new ContentHash("sha256", sha), new ContentHash("sha256", "xyz")));
    fields.add("hashes[1].value");
    bad.add(List.of(new ContentHash("md5", sha)));
    fields.add("hashes[0].value");
    bad.add(List.of(new ContentHash("vpdq", "0,100," + sha + ",0.000")));
    fields.add("hashes[0].type");
    bad.add(List.of(new ContentHash(null, sha)));
    fields.add("hashes[0].type");
    bad.add(List.of(new ContentHash("pdq", null)));
    fields.add("hashes[0].value");
    List<ContentHash> many = new ArrayList<>();
    for (int i = 0; i <= ContentHash.MAX; i++) {
      many.add(new ContentHash("md5", String.format("%032x", i)));
    }
    bad.add(many);
    fields.add("hashes");
    for (int i = 0; i < bad.size(); i++) {
      List<ContentHash> entries = bad.get(i);
      String field = fields.get(i);
      assertThatThrownBy(() -> ContentHash.validate(entries, "hashes"))
          .as(entries.toString())
          .isInstanceOfSatisfying(
              VigilException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
  }
}
