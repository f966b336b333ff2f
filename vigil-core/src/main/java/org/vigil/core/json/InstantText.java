package org.vigil.core.json;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} without {@code DateTimeFormatter}: the same text (ISO-8601 in UTC, the
 * fraction in groups of three digits, none when it is zero) for years 1970 to 9999, the JDK's own
 * for any other. Every decision record's time is written this way on every scan and decide answer;
 * the formatter's general machinery cost about 1 % of a scan's server CPU. {@code InstantTextTest}
 * compares the two.
 */
public final class InstantText {

  // 10000-01-01T00:00:00Z: from there on the JDK writes a '+' and more digits.
  private static final long YEAR_10000 = 253_402_300_800L;

  private InstantText() {}

  public static String of(Instant at) {
    long seconds = at.getEpochSecond();
    if (seconds < 0 || seconds >= YEAR_10000) {
      return at.toString();
    }
    int nano = at.getNano();
    LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
    int ofDay = (int) (seconds % 86_400);
    int fraction;
    int digits;
    if (nano == 0) {
      fraction = 0;
      digits = 0;
    } else if (nano % 1_000_000 == 0) {
      fraction = nano / 1_000_000;
      digits = 3;
    } else if (nano % 1_000 == 0) {
      fraction = nano / 1_000;
      digits = 6;
    } else {
      fraction = nano;
      digits = 9;
    }
    char[] text = new char[20 + (digits == 0 ? 0 : digits + 1)];
    put(text, 0, date.getYear(), 4);
    text[4] = '-';
    put(text, 5, date.getMonthValue(), 2);
    text[7] = '-';
    put(text, 8, date.getDayOfMonth(), 2);
    text[10] = 'T';
    put(text, 11, ofDay / 3600, 2);
    text[13] = ':';
    put(text, 14, ofDay / 60 % 60, 2);
    text[16] = ':';
    put(text, 17, ofDay % 60, 2);
    int end = 19;
    if (digits > 0) {
      text[19] = '.';
      put(text, 20, fraction, digits);
      end = 20 + digits;
    }
    text[end] = 'Z';
    return new String(text);
  }

  private static void put(char[] text, int from, int value, int width) {
    for (int i = from + width - 1; i >= from; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
