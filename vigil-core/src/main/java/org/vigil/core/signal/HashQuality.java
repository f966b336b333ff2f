package org.vigil.core.signal;

import org.vigil.core.json.FastJson;

/**
 * The quality of the PDQ hash Vigil computed (0–100). Below the configured minimum the perceptual
 * hash is not matched (featureless images collide), only the exact digests are.
 *
 * @param pdqQuality the quality
 * @param minimum the configured minimum
 * @param pdqSkipped whether perceptual matching was skipped for it
 */
public record HashQuality(int pdqQuality, int minimum, boolean pdqSkipped) implements Signal {

  /**
   * As Jackson writes it as an element of a {@code List<Signal>} (kind first); FastJsonTest
   * compares the two. Not {@link FastJson.Writable}: in an untyped list Jackson leaves the kind
   * out.
   */
  public boolean writeJson(FastJson.Out out) {
    out.beginObject();
    out.field("kind", "hash_quality");
    out.name("pdqQuality");
    out.number(pdqQuality);
    out.name("minimum");
    out.number(minimum);
    out.field("pdqSkipped", pdqSkipped);
    out.endObject();
    return true;
  }
}
