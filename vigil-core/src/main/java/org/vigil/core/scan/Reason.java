package org.vigil.core.scan;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a verdict is what it is, in a form a user, a court or a regulator can follow.
 *
 * @param code machine-readable, e.g. {@code hash_match}
 * @param rule which rule applied, e.g. {@code bank:demo/block}
 * @param message one sentence for humans
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reason(String code, String rule, String message) {}
