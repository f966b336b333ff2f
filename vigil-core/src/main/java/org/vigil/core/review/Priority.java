package org.vigil.core.review;

import java.util.Locale;

/** How soon a case needs a human; queues list higher priorities first. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  URGENT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Higher is more pressing; stored beside the name so queues sort in SQL. */
  public int rank() {
    return ordinal();
  }

  /** This priority raised by {@code steps}, never above {@link #URGENT}. */
  public Priority raise(int steps) {
    return values()[Math.min(URGENT.ordinal(), ordinal() + Math.max(0, steps))];
  }

  /** The priority named {@code wire}, or null when there is none. */
  public static Priority fromWire(String wire) {
    for (Priority priority : values()) {
      if (priority.wireName().equals(wire)) {
        return priority;
      }
    }
    return null;
  }
}
