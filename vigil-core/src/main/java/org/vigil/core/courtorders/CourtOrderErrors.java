package org.vigil.core.courtorders;

import org.vigil.core.error.VigilException;

/** Refusals of court-order input, worded "{@code <field> <problem>}" like the rest of Vigil. */
public final class CourtOrderErrors {

  private CourtOrderErrors() {}

  public static VigilException invalid(String field, String problem) {
    return VigilException.invalid(field, field + " " + problem);
  }
}
