package org.vigil.core.signal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one rule of the minimum-age and minor-protection law data found for a decide call: the rule
 * set produces findings, the policy decides what to do with them (the built-in policy follows
 * them).
 *
 * @param outcome {@code allow}, {@code deny}, {@code require} or {@code protect}
 * @param requirement for require: {@code parental_consent}, {@code age_assurance} or {@code
 *     target_consent}; for protect: the protective default ({@code private_account}, ...)
 * @param assurance for an age_assurance requirement: the level required
 * @param code the stable reason code, e.g. {@code below_minimum_age}
 * @param rule the law rule's id, e.g. {@code AU-SMMA-16}
 * @param source the citation of the law or guidance
 * @param detail optional detail (never personal data)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgeRuleFinding(
    String outcome,
    String requirement,
    String assurance,
    String code,
    String rule,
    String source,
    String detail)
    implements Signal {}
