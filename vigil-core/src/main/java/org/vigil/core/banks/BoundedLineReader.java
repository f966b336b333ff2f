package org.vigil.core.banks;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of at most {@code maxChars} characters. Unlike {@link
 * java.io.BufferedReader#readLine} a hostile input with no line breaks cannot make it buffer
 * gigabytes: an over-long line is skipped to its end and reported as such.
 */
final class BoundedLineReader {

  /** A line, or the fact that it was too long. */
  record Line(String text, boolean tooLong) {}

  private final Reader reader;
  private final int maxChars;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private final StringBuilder line = new StringBuilder();

  BoundedLineReader(Reader reader, int maxChars) {
    this.reader = reader;
    this.maxChars = maxChars;
  }

  /** The next line without its terminator, or null at the end of input. */
  Line next() throws IOException {
    line.setLength(0);
    boolean tooLong = false;
    boolean sawAny = false;
    while (true) {
      if (position == limit) {
        limit = reader.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return sawAny ? finish(tooLong) : null;
        }
      }
      sawAny = true;
      char c = buffer[position++];
      if (c == '\n') {
        return finish(tooLong);
      }
      if (!tooLong) {
        if (line.length() == maxChars) {
          tooLong = true;
          line.setLength(0);
        } else {
          line.append(c);
        }
      }
    }
  }

  private Line finish(boolean tooLong) {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    return new Line(tooLong ? "" : line.toString(), tooLong);
  }
}
