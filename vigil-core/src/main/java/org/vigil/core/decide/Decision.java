package org.vigil.core.decide;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.vigil.core.minors.AssuranceLevel;

/**
 * The answer to a decide call, with everything needed to explain it.
 *
 * @param outcome allow, deny or require
 * @param requires what must happen first (only for require)
 * @param requiredAssurance the level asked for when {@code age_assurance} is required, else null
 * @param reasons why, in the order the checks found them
 * @param protections defaults to apply to the actor's account (sign-up and login of a possible
 *     minor)
 * @param actorAge the actor's age as understood, or null when no check assessed it
 * @param policyVersion the checks and data versions used, e.g. {@code minors@2026-12-05.1}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "decision",
  "requires",
  "requiredAssurance",
  "reasons",
  "protections",
  "actorAge",
  "policyVersion"
})
public record Decision(
    @JsonProperty("decision") Outcome outcome,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Requirement> requires,
    AssuranceLevel requiredAssurance,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Reason> reasons,
    List<ProtectiveDefault> protections,
    AgeBand actorAge,
    String policyVersion) {

  public Decision {
    requires = List.copyOf(requires);
    reasons = List.copyOf(reasons);
    protections = protections == null ? List.of() : List.copyOf(protections);
  }
}
