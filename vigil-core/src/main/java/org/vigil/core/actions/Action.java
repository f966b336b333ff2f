package org.vigil.core.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.vigil.core.json.FastJson;

/**
 * One thing a decision asks for, with its parameters: {@code queue_review{queue, priority}}, {@code
 * require{what, assurance}}, {@code label{name}}, {@code protect{setting}}... Parameters are plain
 * strings so that actions compare, store and travel as they are.
 *
 * @param type what to do
 * @param params its parameters, empty when it has none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Action(ActionType type, Map<String, String> params) implements FastJson.Writable {

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

  /** As Jackson writes it (NON_EMPTY, params by key); FastJsonTest compares the two. */
  @Override
  public boolean writeJson(FastJson.Out out) {
    out.beginObject();
    out.field("type", type.wireName());
    if (!params.isEmpty() && !out.field("params", params)) {
      return false;
    }
    out.endObject();
    return true;
  }
}
