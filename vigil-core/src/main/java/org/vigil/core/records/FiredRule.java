package org.vigil.core.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.vigil.core.actions.Action;
import org.vigil.core.json.FastJson;

/**
 * A policy rule whose condition held.
 *
 * @param rule the rule's id in its policy
 * @param explanation why it fired, in words a user, a court or a regulator can follow
 * @param actions what it asked for
 * @param code the reason code the rule gives the platform (e.g. {@code hash_match}, {@code
 *     court_order}, {@code age_rule}; {@code policy_rule} by default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FiredRule(String rule, String explanation, List<Action> actions, String code)
    implements FastJson.Writable {
  public FiredRule {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  /** As Jackson writes it (NON_NULL, component order); FastJsonTest compares the two. */
  @Override
  public boolean writeJson(FastJson.Out out) {
    out.beginObject();
    if (rule != null) {
      out.field("rule", rule);
    }
    if (explanation != null) {
      out.field("explanation", explanation);
    }
    if (!out.field("actions", actions)) {
      return false;
    }
    if (code != null) {
      out.field("code", code);
    }
    out.endObject();
    return true;
  }
}
