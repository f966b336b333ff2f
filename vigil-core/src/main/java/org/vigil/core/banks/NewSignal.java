package org.vigil.core.banks;

import org.vigil.core.error.VigilException;

/** A validated signal not yet stored. */
public record NewSignal(
    SignalType type, String value, String externalId, String source, String category) {

  /** The longest external id, source or category the store keeps (VARCHAR(256)). */
  public static final int MAX_TEXT = 256;

  /**
   * {@code value} unchanged, or a 422 naming {@code field} when it is longer than {@link
   * #MAX_TEXT}: a too-long field is the caller's mistake, not a database outage.
   */
  public static String checkText(String field, String value) {
    if (value != null && value.length() > MAX_TEXT) {
      throw VigilException.invalid(field, field + " is longer than " + MAX_TEXT + " characters");
    }
    return value;
  }
}
