package org.vigil.core.signal;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.vigil.core.json.FastJson;

/**
 * What the evidence says about a party's age, as combined from its age signals.
 *
 * @param party {@code actor}, {@code target} or {@code uploader}
 * @param minAge the youngest age the evidence allows
 * @param maxAge the oldest, or null when unbounded
 * @param level the assurance level of the evidence ({@code none}, {@code self_declared}, ...)
 * @param confidence the evidence's confidence in [0, 1]
 * @param mayBeMinor whether the party may be under the jurisdiction's adult age
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgeEvidence(
    String party, int minAge, Integer maxAge, String level, double confidence, boolean mayBeMinor)
    implements Signal {

  /**
   * As Jackson writes it as an element of a {@code List<Signal>} (kind first, NON_NULL);
   * FastJsonTest compares the two. Not {@link FastJson.Writable}: in an untyped list Jackson leaves
   * the kind out.
   */
  public boolean writeJson(FastJson.Out out) {
    out.beginObject();
    out.field("kind", "age_evidence");
    if (party != null) {
      out.field("party", party);
    }
    out.name("minAge");
    out.number(minAge);
    if (maxAge != null) {
      out.name("maxAge");
      out.number(maxAge);
    }
    if (level != null) {
      out.field("level", level);
    }
    out.name("confidence");
    boolean finite = out.number(confidence);
    out.field("mayBeMinor", mayBeMinor);
    out.endObject();
    return finite;
  }
}
