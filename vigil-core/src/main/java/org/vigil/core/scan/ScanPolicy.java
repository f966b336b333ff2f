package org.vigil.core.scan;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.SignalType;
import org.vigil.core.match.Match;

/**
 * The built-in policy for hash matches: the verdict is the most severe action among the matched
 * banks (block, then review, then label; no match allows). One reason per matched bank names the
 * closest signal, so the verdict can be explained without re-running the match.
 */
public final class ScanPolicy {

  public static final String VERSION = "builtin-hash-1";

  /** The verdict, actions and reasons for a set of matches. */
  public record Outcome(String verdict, List<String> actions, List<Reason> reasons) {}

  public Outcome decide(List<Match> matches, boolean pdqSkippedForQuality, int quality) {
    EnumSet<BankAction> actions = EnumSet.noneOf(BankAction.class);
    Map<String, Match> closestPerBank = new LinkedHashMap<>();
    for (Match match : matches) {
      actions.add(match.action());
      closestPerBank.merge(match.bank(), match, (a, b) -> a.distance() <= b.distance() ? a : b);
    }
    List<Reason> reasons = new ArrayList<>();
    for (Match match : closestPerBank.values()) {
      reasons.add(
          new Reason(
              "hash_match",
              "bank:" + match.bank() + "/" + match.action().wireName(),
              describe(match)));
    }
    if (pdqSkippedForQuality) {
      reasons.add(
          new Reason(
              "pdq_low_quality",
              null,
              "PDQ quality " + quality + " is below the minimum; only exact hashes were matched"));
    }
    String verdict = actions.isEmpty() ? "allow" : actions.iterator().next().wireName();
    List<String> actionNames = new ArrayList<>();
    for (BankAction action : actions) {
      actionNames.add(action.wireName());
    }
    return new Outcome(verdict, actionNames, reasons);
  }

  private static String describe(Match match) {
    if (match.type() == SignalType.VPDQ || match.type() == SignalType.TMK) {
      return "video matches "
          + (match.type() == SignalType.VPDQ ? "vPDQ" : "TMK+PDQF")
          + " signal "
          + match.signalId()
          + " in bank "
          + match.bank();
    }
    if (match.type() == SignalType.PDQ) {
      return "PDQ hash within distance "
          + match.distance()
          + " of signal "
          + match.signalId()
          + " in bank "
          + match.bank();
    }
    return match.type().wireName()
        + " equals signal "
        + match.signalId()
        + " in bank "
        + match.bank();
  }
}
