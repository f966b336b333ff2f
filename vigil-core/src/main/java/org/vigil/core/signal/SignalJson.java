package org.vigil.core.signal;

import java.util.List;
import org.vigil.core.json.FastJson;

/** Signals written by {@link FastJson}, as Jackson writes a {@code List<Signal>}. */
public final class SignalJson {

  private SignalJson() {}

  /**
   * Appends {@code signals} as a JSON array, each with its {@code kind}; false when one of them has
   * no writer of its own (the caller then asks Jackson).
   */
  public static boolean list(FastJson.Out out, List<Signal> signals) {
    out.raw("[");
    for (int i = 0; i < signals.size(); i++) {
      if (i > 0) {
        out.raw(",");
      }
      Signal signal = signals.get(i);
      boolean written;
      if (signal instanceof AgeEvidence a) {
        written = a.writeJson(out);
      } else if (signal instanceof AgeRuleFinding f) {
        written = f.writeJson(out);
      } else if (signal instanceof HashQuality q) {
        written = q.writeJson(out);
      } else {
        written = false;
      }
      if (!written) {
        return false;
      }
    }
    out.raw("]");
    return true;
  }
}
