package org.vigil.core.review;

import java.util.Locale;

/**
 * What a notice says is wrong with the content. The set is the (and the DSA form's)
 * minimum; each category knows whether an anonymous notice may report it (DSA Art. 16(2)(c) lets a
 * notifier of child sexual abuse offences stay anonymous), whether it always involves a minor, and
 * whether it is illegal by nature (so a decision on it normally rests on the law, not only the
 * terms).
 */
public enum NoticeCategory {
  CSAM(true, true, true),
  GROOMING(true, true, true),
  SEXUALISED_COMMENTS_MINOR(false, true, true),
  /** Non-consensual intimate imagery, deepfakes included: TAKE IT DOWN Act, 48 hours. */
  NCII(false, false, true),
  SELF_HARM(false, false, false),
  ILLEGAL_OTHER(false, false, true),
  TERMS(false, false, false);

  private final boolean anonymousAllowed;
  private final boolean involvesMinor;
  private final boolean illegalByNature;

  NoticeCategory(boolean anonymousAllowed, boolean involvesMinor, boolean illegalByNature) {
    this.anonymousAllowed = anonymousAllowed;
    this.involvesMinor = involvesMinor;
    this.illegalByNature = illegalByNature;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean anonymousAllowed() {
    return anonymousAllowed;
  }

  public boolean involvesMinor() {
    return involvesMinor;
  }

  public boolean illegalByNature() {
    return illegalByNature;
  }

  /** The category named {@code wire}, or null when there is none. */
  public static NoticeCategory fromWire(String wire) {
    for (NoticeCategory category : values()) {
      if (category.wireName().equals(wire)) {
        return category;
      }
    }
    return null;
  }

  /** The wire names, for error messages. */
  public static String wireNames() {
    StringBuilder out = new StringBuilder();
    for (NoticeCategory category : values()) {
      out.append(out.length() == 0 ? "" : ", ").append(category.wireName());
    }
    return out.toString();
  }
}
