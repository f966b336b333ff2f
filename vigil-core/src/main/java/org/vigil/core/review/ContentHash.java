package org.vigil.core.review;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vigil.core.banks.SignalType;
import org.vigil.core.error.VigilException;

/**
 * A hash of a piece of content, as a moderator's decision names it or a scan recorded it: what an
 * ncii removal adds to the ncii bank.
 *
 * @param type {@code pdq}, {@code md5} or {@code sha256}
 * @param value the hash in lowercase hex
 */
public record ContentHash(String type, String value) {

  /** Hash types a decision may name: the image and file hashes a scan computes. */
  public static final Set<SignalType> TYPES =
      Set.of(SignalType.PDQ, SignalType.MD5, SignalType.SHA256);

  /** The most hashes one decision may name. */
  public static final int MAX = 16;

  /**
   * The hashes validated and in canonical form, duplicates dropped; a 422 naming the entry ({@code
   * field[i].type} or {@code field[i].value}) otherwise.
   */
  public static List<ContentHash> validate(List<ContentHash> given, String field) {
    if (given == null || given.isEmpty()) {
      return List.of();
    }
    if (given.size() > MAX) {
      throw VigilException.invalid(field, field + " may name at most " + MAX + " hashes");
    }
    Set<ContentHash> out = new LinkedHashSet<>();
    for (int i = 0; i < given.size(); i++) {
      ContentHash hash = given.get(i);
      String at = field + "[" + i + "]";
      if (hash == null) {
        throw VigilException.invalid(at, at + " must be an object {\"type\", \"value\"}");
      }
      SignalType type;
      try {
        type = hash.type() == null ? null : SignalType.fromWire(hash.type());
      } catch (IllegalArgumentException e) {
        type = null;
      }
      if (type == null || !TYPES.contains(type)) {
        throw VigilException.invalid(
            at + ".type", at + ".type must be pdq, md5 or sha256, got " + quoted(hash.type()));
      }
      String value;
      try {
        value = type.normalise(hash.value());
      } catch (IllegalArgumentException e) {
        throw VigilException.invalid(
            at + ".value", at + ".value is not a " + type.wireName() + " hash: " + e.getMessage());
      }
      out.add(new ContentHash(type.wireName(), value));
    }
    return List.copyOf(out);
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "'" + value + "'";
  }
}
