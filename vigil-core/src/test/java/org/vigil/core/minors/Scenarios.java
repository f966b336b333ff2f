package org.vigil.core.minors;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.AgeSignal;
import org.vigil.core.intake.ContentRating;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.intake.PartyInput;
import org.vigil.core.intake.SignalSource;

/** Builds decide requests from compact text, so tables of cases stay readable. */
final class Scenarios {

  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private Scenarios() {}

  static DecideService service(RuleSet rules) {
    MinorProtectionCheck check = new MinorProtectionCheck(rules);
    return new DecideService(
        new InMemoryAccountDirectory(),
        check.jurisdictions(),
        List.of(check),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /**
   * Signals from text: {@code none}, or {@code ;}-separated items {@code self:2010-11-23}, {@code
   * verified:2010-11-23}, {@code verified18+} (a verified "at least 18"), {@code estimate:15-17},
   * {@code os:13-15}, {@code os:18+}, {@code parent:2012-05-01}.
   */
  static List<AgeSignal> signals(String spec) {
    List<AgeSignal> signals = new ArrayList<>();
    if (spec == null || spec.isBlank() || spec.equals("none")) {
      return signals;
    }
    for (String item : spec.split(";")) {
      String[] parts = item.trim().split(":", 2);
      String kind = parts[0];
      if (kind.equals("verified18+")) {
        signals.add(new AgeSignal(SignalSource.VERIFIED, "bank", null, 18, null, null, null, null));
        continue;
      }
      String value = parts[1];
      switch (kind) {
        case "self" -> signals.add(AgeSignal.selfDeclared(LocalDate.parse(value)));
        case "verified" ->
            signals.add(
                new AgeSignal(
                    SignalSource.VERIFIED,
                    "document",
                    LocalDate.parse(value),
                    null,
                    null,
                    null,
                    null,
                    null));
        case "parent" ->
            signals.add(
                new AgeSignal(
                    SignalSource.PARENT_ATTESTATION,
                    null,
                    LocalDate.parse(value),
                    null,
                    null,
                    null,
                    null,
                    null));
        case "estimate", "os" -> {
          Integer min;
          Integer max;
          if (value.endsWith("+")) {
            min = Integer.parseInt(value.substring(0, value.length() - 1));
            max = null;
          } else {
            String[] range = value.split("-");
            min = Integer.parseInt(range[0]);
            max = Integer.parseInt(range[1]);
          }
          signals.add(
              new AgeSignal(
                  kind.equals("estimate") ? SignalSource.ESTIMATE : SignalSource.OS_AGE_RANGE,
                  kind.equals("estimate") ? "facial" : "apple_declared_age_range",
                  null,
                  min,
                  max,
                  kind.equals("estimate") ? 0.95 : null,
                  null,
                  null));
        }
        default -> throw new IllegalArgumentException("unknown signal kind " + kind);
      }
    }
    return signals;
  }

  static PartyInput party(
      String id, String signals, String zone, Boolean connected, Boolean consent) {
    return new PartyInput(
        id,
        null,
        null,
        zone == null ? null : ZoneId.of(zone),
        signals(signals),
        null,
        connected,
        consent);
  }

  static DecideRequest request(
      String jurisdiction,
      String action,
      String service,
      String actor,
      String actorZone,
      Boolean consent,
      String target,
      Boolean connected,
      String rating,
      String at) {
    return new DecideRequest(
        AccountAction.fromWire(action),
        jurisdiction,
        service == null ? null : ServiceCategory.fromWire(service),
        party("actor-1", actor, actorZone, null, consent),
        target == null ? null : party("target-1", target, null, connected, null),
        rating == null ? null : ContentRating.fromWire(rating),
        at == null ? NOW : Instant.parse(at));
  }
}
