package org.vigil.core.policy;

import java.util.List;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.AgeRuleFinding;
import org.vigil.core.signal.CourtOrderHit;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HeldMatch;
import org.vigil.core.signal.ReportSignal;
import org.vigil.core.signal.Score;
import org.vigil.core.signal.Signal;

/**
 * The explanation of a fired rule that has no {@code explain} text: the rule's id and the signals
 * of the kinds it reads, in words (never personal data: identifiers are named by kind only).
 */
final class Explanations {

  private static final int MAX_SIGNALS = 5;

  private Explanations() {}

  static String of(PolicyRule rule, long readMask, List<Signal> signals) {
    StringBuilder text = new StringBuilder("rule ").append(rule.id()).append(" fired");
    int described = 0;
    for (Signal signal : signals) {
      String part = describe(signal, readMask);
      if (part == null) {
        continue;
      }
      if (described == MAX_SIGNALS) {
        text.append("; …");
        break;
      }
      text.append(described == 0 ? ": " : "; ").append(part);
      described++;
    }
    return text.toString();
  }

  private static boolean reads(long mask, String variable) {
    return (mask & (1L << PolicyInputs.VARIABLES.indexOf(variable))) != 0;
  }

  private static String describe(Signal signal, long mask) {
    if (signal instanceof HashMatch m && reads(mask, "matches")) {
      return "pdq".equals(m.type())
          ? "PDQ hash within distance "
              + m.distance()
              + " of signal "
              + m.signalId()
              + " in bank "
              + m.bank()
          : m.type() + " equals signal " + m.signalId() + " in bank " + m.bank();
    }
    if (signal instanceof HeldMatch h && reads(mask, "held")) {
      return "signal " + h.signalId() + " in bank " + h.bank() + " is held: " + h.reason();
    }
    if (signal instanceof CourtOrderHit o && reads(mask, "court_orders")) {
      return "court order " + o.orderId() + " matched by " + o.matchedBy();
    }
    if (signal instanceof AgeRuleFinding f && reads(mask, "age_rules")) {
      return f.code() + (f.rule() == null ? "" : " (" + f.rule() + ")");
    }
    if (signal instanceof AgeEvidence a
        && (reads(mask, "uploader") || reads(mask, "actor") || reads(mask, "target"))) {
      return a.party()
          + " aged at least "
          + a.minAge()
          + (a.maxAge() == null ? "" : " and at most " + a.maxAge())
          + " ("
          + a.level()
          + ")";
    }
    if (signal instanceof ReportSignal r && reads(mask, "reports")) {
      return r.count() + " report(s)" + (r.trustedFlagger() ? " incl. a trusted flagger" : "");
    }
    if (signal instanceof Score s && reads(mask, "scores")) {
      return s.name() + " score " + s.value();
    }
    return null;
  }
}
