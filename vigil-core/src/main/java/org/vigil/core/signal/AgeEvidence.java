package org.vigil.core.signal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the evidence says about a party's age, as combined from its age signals.
 *
 * @param party {@code actor}, {@code target} or {@code uploader}
 * @param minAge the youngest age the evidence allows
 * @param maxAge the oldest, or null when unbounded
 * @param level the assurance level of the evidence ({@code none}, {@code self_declared}, ...)
 * @param confidence the evidence's confidence in [0, 1]
 * @param mayBeMinor whether the party may be under the jurisdiction's adult age
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgeEvidence(
    String party, int minAge, Integer maxAge, String level, double confidence, boolean mayBeMinor)
    implements Signal {}
