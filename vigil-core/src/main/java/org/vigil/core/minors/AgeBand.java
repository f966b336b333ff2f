package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.json.FastJson;

/**
 * The actor's age as Vigil understood it, returned with the decision so it can be explained.
 *
 * @param minAge the youngest age the evidence allows
 * @param maxAge the oldest, or null when unbounded
 * @param level the assurance level of the evidence
 * @param confidence the evidence's confidence in [0, 1]
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgeBand(int minAge, Integer maxAge, AssuranceLevel level, double confidence)
    implements FastJson.Writable {

  /** As Jackson writes it (NON_NULL, component order); FastJsonTest compares the two. */
  @Override
  public boolean writeJson(FastJson.Out out) {
    out.beginObject();
    out.name("minAge");
    out.number(minAge);
    if (maxAge != null) {
      out.name("maxAge");
      out.number(maxAge);
    }
    if (level != null) {
      out.field("level", level.wireName());
    }
    out.name("confidence");
    boolean finite = out.number(confidence);
    out.endObject();
    return finite;
  }
}
