package org.vigil.core.json;

import java.util.Locale;

/** Lower-snake wire names for enums, so the JSON vocabulary lives next to the constants. */
public final class WireNames {
  private WireNames() {}

  /**
   * {@code PARENTAL_CONSENT} becomes {@code parental_consent}. Each enum's names are lowered once
   * (decide and scan name a dozen constants per call, and lowering allocated each time).
   */
  public static String of(Enum<?> constant) {
    return NAMES.get(constant.getDeclaringClass())[constant.ordinal()];
  }

  private static final ClassValue<String[]> NAMES =
      new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
          Object[] constants = type.getEnumConstants();
          String[] names = new String[constants.length];
          for (int i = 0; i < constants.length; i++) {
            names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
          }
          return names;
        }
      };

  /**
   * Parses a wire name into one of {@code constants}.
   *
   * @throws IllegalArgumentException naming every accepted value
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
    if (value != null) {
      for (E constant : type.getEnumConstants()) {
        if (of(constant).equals(value)) {
          return constant;
        }
      }
    }
    StringBuilder accepted = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      if (accepted.length() > 0) {
        accepted.append(", ");
      }
      accepted.append(of(constant));
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + value + "'; expected one of " + accepted);
  }
}
