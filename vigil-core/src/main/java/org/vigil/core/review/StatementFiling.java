package org.vigil.core.review;

/**
 * Whether a tenant's statements of reasons are filed in the DSA Transparency Database (each tenant
 * is its own platform there, with its own token): what {@code GET /v1/cases/{id}/statement} and the
 * console say of a statement still pending.
 */
@FunctionalInterface
public interface StatementFiling {

  /** No Transparency Database: statements are kept, never filed. */
  StatementFiling NONE =
      tenant -> "no Transparency Database is configured (VIGIL_DSA_TDB_URL): kept, not filed";

  /** Why {@code tenant}'s statements are kept but not filed, or null when they are filed. */
  String notFiledBecause(String tenant);
}
