package org.vigil.core.minors;

/** The answer to "is this person at least N years old on this day?" given imperfect evidence. */
public enum AgeAnswer {
  YES,
  NO,
  /** The evidence allows both; a rule must ask for stronger assurance or act protectively. */
  UNCERTAIN
}
