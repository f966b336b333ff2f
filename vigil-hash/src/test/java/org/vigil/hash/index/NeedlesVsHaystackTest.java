package org.vigil.hash.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vigil.hash.PdqHash;

/**
 * The reference's MIH regression data: 100 needles against 1,350 haystack hashes must give exactly
 * the 250 pairs within distance 31 that brute force (and the reference mih-query) found.
 */
class NeedlesVsHaystackTest {

  static List<String> lines(String name) throws IOException {
    try (InputStream in = NeedlesVsHaystackTest.class.getResourceAsStream("/index/" + name);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      List<String> lines = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          lines.add(line.trim());
        }
      }
      return lines;
    }
  }

  private static Set<String> expectedPairs() throws IOException {
    Set<String> pairs = new TreeSet<>();
    List<String> rows = lines("needles-vs-haystack-d31.csv");
    for (String row : rows.subList(1, rows.size())) {
      pairs.add(row);
    }
    return pairs;
  }

  private static Set<String> pairsFound(HammingIndex index) throws IOException {
    List<String> needles = lines("needles.txt");
    Set<String> pairs = new TreeSet<>();
    for (int n = 0; n < needles.size(); n++) {
      int needleLine = n + 1;
      index.search(
          PdqHash.fromHex(needles.get(n)),
          31,
          (id, distance) -> pairs.add(needleLine + "," + id + "," + distance));
    }
    return pairs;
  }

  private static MultiIndexHammingIndex haystackIndex(int tailCapacity, boolean bulk)
      throws IOException {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex(31, tailCapacity);
    List<String> haystack = lines("haystack.txt");
    long[] ids = new long[haystack.size()];
    long[] codes = new long[4 * haystack.size()];
    for (int i = 0; i < haystack.size(); i++) {
      PdqHash hash = PdqHash.fromHex(haystack.get(i));
      if (bulk) {
        ids[i] = i + 1;
        codes[4 * i] = hash.w0();
        codes[4 * i + 1] = hash.w1();
        codes[4 * i + 2] = hash.w2();
        codes[4 * i + 3] = hash.w3();
      } else {
        index.add(i + 1, hash);
      }
    }
    if (bulk) {
      index.addAll(ids, codes, haystack.size());
    }
    return index;
  }

  @Test
  void search_bulkLoadedHaystack_findsExactlyTheReferencePairs() throws IOException {
    MultiIndexHammingIndex index = haystackIndex(64, true);

    assertThat(index.describe()).contains("segment 1350 entries");
    assertThat(pairsFound(index)).hasSize(250).isEqualTo(expectedPairs());
  }

  @Test
  void search_haystackAddedOneByOne_findsExactlyTheReferencePairs() throws IOException {
    MultiIndexHammingIndex index = haystackIndex(16, false);

    assertThat(index.describe()).contains("segment");
    assertThat(pairsFound(index)).isEqualTo(expectedPairs());
  }

  @Test
  void search_serviceFactoryIndex_findsExactlyTheReferencePairs() throws IOException {
    HammingIndex index = HammingIndexes.newIndex();
    List<String> haystack = lines("haystack.txt");
    for (int i = 0; i < haystack.size(); i++) {
      index.add(i + 1, PdqHash.fromHex(haystack.get(i)));
    }

    assertThat(pairsFound(index)).isEqualTo(expectedPairs());
  }

  @Test
  void search_linearOracle_findsExactlyTheReferencePairs() throws IOException {
    HammingIndex index = new LinearScanHammingIndex();
    List<String> haystack = lines("haystack.txt");
    for (int i = 0; i < haystack.size(); i++) {
      index.add(i + 1, PdqHash.fromHex(haystack.get(i)));
    }

    assertThat(pairsFound(index)).isEqualTo(expectedPairs());
  }
}
