package org.vigil.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Something in a valid policy that is probably a mistake.
 *
 * @param rule the rule's id
 * @param code {@code never_fires}, {@code shadowed_by_stop} or {@code unknown_bank}
 * @param message what and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyWarning(String rule, String code, String message) {}
