package org.vigil.core.banks;

import java.util.Locale;
import java.util.regex.Pattern;

/** Kinds of hash a bank can hold, with the shape each value must have. */
public enum SignalType {
  PDQ(64),
  MD5(32),
  SHA256(64);

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
        "unknown signal type '" + value + "'; expected pdq, md5 or sha256");
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
    if (value.length() != hexLength || !HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(wireName() + " must be " + hexLength + " hex characters");
    }
    return value.toLowerCase(Locale.ROOT);
  }
}
