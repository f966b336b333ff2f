package org.vigil.core.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One thing a decision asks for, with its parameters: {@code queue_review{queue, priority}}, {@code
 * require{what, assurance}}, {@code label{name}}, {@code protect{setting}}... Parameters are plain
 * strings so that actions compare, store and travel as they are.
 *
 * @param type what to do
 * @param params its parameters, empty when it has none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Action(ActionType type, Map<String, String> params) {

  public Action {
    if (type == null) {
      throw new IllegalArgumentException("type is required");
    }
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  public static Action of(ActionType type) {
    return new Action(type, Map.of());
  }

  /** A parameter, or null. */
  public String param(String name) {
    return params.get(name);
  }
}
