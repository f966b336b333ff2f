package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.vigil.core.intake.AssuranceLevel;

/**
 * The actor's age as Vigil understood it, returned with the decision so it can be explained.
 *
 * @param minAge the youngest age the evidence allows
 * @param maxAge the oldest, or null when unbounded
 * @param level the assurance level of the evidence
 * @param confidence the evidence's confidence in [0, 1]
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgeBand(int minAge, Integer maxAge, AssuranceLevel level, double confidence) {}
