package org.vigil.report.exchanges;

import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.error.VigilException;

/** Checks shared by the adapter factories. */
final class Urls {

  private Urls() {}

  /** The exchange's URL: absolute https (http only to a loopback test server), no user info. */
  static void requireHttp(ExchangeConfig config) {
    ExchangeHttp.checkUrl(config.url(), false);
  }

  /** An integer option within bounds, or its default. */
  static int intOption(ExchangeConfig config, String key, int otherwise, int min, int max) {
    String text = config.options().get(key);
    if (text == null) {
      return otherwise;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw VigilException.invalid(
        "options." + key, key + " must be an integer from " + min + " to " + max);
  }
}
