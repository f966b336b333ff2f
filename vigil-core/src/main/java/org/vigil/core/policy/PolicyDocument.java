package org.vigil.core.policy;

import java.util.List;

/**
 * A parsed policy: its name, rules in order, the exact text it was read from and its version (the
 * SHA-256 of that text, so equal texts are equal versions on every server).
 */
public record PolicyDocument(String name, List<PolicyRule> rules, String text, String version) {
  public PolicyDocument {
    rules = List.copyOf(rules);
  }
}
