package org.vigil.core.banks;

import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.vigil.hash.video.TmkFeatures;
import org.vigil.hash.video.VpdqHash;

/** Kinds of hash a bank can hold, with the shape each value must have. */
public enum SignalType {
  PDQ(64),
  MD5(32),
  SHA256(64),
  /** A video's vPDQ hash in the reference's text format (lines frame,quality,pdq,timestamp). */
  VPDQ(0),
  /** A video's TMK+PDQF hash: the base64 of the reference's .tmk file. */
  TMK(0);

  /** The largest vPDQ text accepted: a one-hour video at one hash per second is ~300 KB. */
  public static final int MAX_VPDQ_CHARS = 1 << 20;

  /** base64 of a .tmk file with the reference's parameters is 351,128 characters. */
  private static final int MAX_TMK_CHARS = 400_000;

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

  private final int hexLength;

  SignalType(int hexLength) {
    this.hexLength = hexLength;
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SignalType fromWire(String value) {
    for (SignalType type : values()) {
      if (type.wireName().equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown signal type '" + value + "'; expected pdq, md5, sha256, vpdq or tmk");
  }

  /** True for the video types, whose values are too long to be their own storage key. */
  public boolean isVideo() {
    return this == VPDQ || this == TMK;
  }

  /**
   * Returns the canonical (lowercase) form of {@code value}.
   *
   * @throws IllegalArgumentException explaining what is wrong with it
   */
  public String normalise(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(wireName() + " value is missing");
    }
    if (this == VPDQ) {
      if (value.length() > MAX_VPDQ_CHARS) {
        throw new IllegalArgumentException("vpdq is longer than " + MAX_VPDQ_CHARS + " characters");
      }
      return VpdqHash.parse(value).toText();
    }
    if (this == TMK) {
      String base64 = value.strip();
      if (base64.length() > MAX_TMK_CHARS) {
        throw new IllegalArgumentException("tmk is longer than a .tmk file's base64");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tmk must be the base64 of a .tmk file", e);
      }
      return Base64.getEncoder().encodeToString(TmkFeatures.fromBytes(bytes).toBytes());
    }
    if (value.length() != hexLength || !HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(wireName() + " must be " + hexLength + " hex characters");
    }
    return value.toLowerCase(Locale.ROOT);
  }
}
