package org.vigil.core.minors;

import org.vigil.core.decide.ContentRating;
import org.vigil.core.decide.Reason;

/**
 * The age and assurance a content rating needs in a jurisdiction (e.g. in the UK, pornography and
 * self-harm content need highly effective age assurance). Reasons are built once, at load time.
 */
public final class ContentRule {

  private final String id;
  private final ContentRating rating;
  private final int minimumAge;
  private final AssuranceLevel requiredAssurance;
  private final String source;
  final Reason met;
  final Reason below;
  final Reason assuranceRequired;

  public ContentRule(
      String id,
      ContentRating rating,
      int minimumAge,
      AssuranceLevel requiredAssurance,
      String source) {
    if (id == null || id.isBlank() || rating == null || source == null || source.isBlank()) {
      throw new IllegalArgumentException("content rule needs id, rating and source");
    }
    if (minimumAge < 0 || minimumAge > 25) {
      throw new IllegalArgumentException(id + ": minimumAge must be between 0 and 25");
    }
    if (requiredAssurance == null || requiredAssurance == AssuranceLevel.NONE) {
      throw new IllegalArgumentException(id + ": requiredAssurance must be asserted or stronger");
    }
    this.id = id;
    this.rating = rating;
    this.minimumAge = minimumAge;
    this.requiredAssurance = requiredAssurance;
    this.source = source;
    String what = rating.wireName() + " content";
    this.met = new Reason("content_rating_met", id, source, what);
    this.below = new Reason("content_below_rating_age", id, source, what + " needs " + minimumAge);
    this.assuranceRequired =
        new Reason(
            "age_assurance_required",
            id,
            source,
            what + " needs age " + minimumAge + " at level " + requiredAssurance.wireName());
  }

  public String id() {
    return id;
  }

  public ContentRating rating() {
    return rating;
  }

  public int minimumAge() {
    return minimumAge;
  }

  public AssuranceLevel requiredAssurance() {
    return requiredAssurance;
  }

  public String source() {
    return source;
  }
}
