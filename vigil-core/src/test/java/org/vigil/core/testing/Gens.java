package org.vigil.core.testing;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.core.Gen;

/** QuickTheories generators the property tests share. */
public final class Gens {

  public static final String DIGITS = "0123456789";
  public static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private Gens() {}

  /** Strings of {@code min}..{@code max} characters, each drawn from {@code alphabet}. */
  public static Gen<String> stringsOf(String alphabet, int min, int max) {
    return lists()
        .of(integers().between(0, alphabet.length() - 1))
        .ofSizeBetween(min, max)
        .map(
            (List<Integer> indexes) -> {
              StringBuilder out = new StringBuilder(indexes.size());
              for (int index : indexes) {
                out.append(alphabet.charAt(index));
              }
              return out.toString();
            });
  }

  /** Lists of {@code min}..{@code max} elements from {@code source}. */
  public static <T> Gen<List<T>> listsOf(Gen<T> source, int min, int max) {
    return lists().of(source).ofSizeBetween(min, max);
  }
}
