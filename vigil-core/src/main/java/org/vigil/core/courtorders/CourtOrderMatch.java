package org.vigil.core.courtorders;

/**
 * An active order that covers a decide call: the platform must refuse, citing {@code caseRef}.
 *
 * @param matchedBy which identifier type matched (never its value)
 */
public record CourtOrderMatch(String orderId, String caseRef, IdentifierType matchedBy) {}
