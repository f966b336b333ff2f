package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a decision came out as it did: a stable machine code, the rule that fired and the legal or
 * policy source of that rule, so the platform can explain it to the user and to a regulator.
 *
 * @param code stable machine-readable code, e.g. {@code below_minimum_age}
 * @param rule the id of the rule in the versioned rule set, e.g. {@code AU-SMMA-16}
 * @param source citation of the law, guidance or Vigil default the rule implements
 * @param detail optional human-readable detail (never personal data)
 * @param policyRule the id of the policy rule that acted on it, when one did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reason(String code, String rule, String source, String detail, String policyRule) {
  public Reason {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("code is required");
    }
  }

  public Reason(String code, String rule, String source) {
    this(code, rule, source, null, null);
  }

  public Reason(String code, String rule, String source, String detail) {
    this(code, rule, source, detail, null);
  }

  /** This reason, naming the policy rule that acted on it. */
  public Reason byPolicyRule(String id) {
    return new Reason(code, rule, source, detail, id);
  }
}
