package org.vigil.core.courtorders;

import java.time.Instant;
import java.util.List;

/**
 * What a court is told about how its order was enforced. Holds the order (pseudonymous) and nothing
 * in clear.
 *
 * @param history creation, activation, expiry, revocation and DNS regenerations, oldest first
 * @param denials refused sign-ups and logins by UTC day and category
 * @param addressChanges address changes of the order's subscriber lines, oldest first
 */
public record ComplianceReport(
    CourtOrder order,
    CourtOrderStatus status,
    Instant generatedAt,
    List<CourtOrderEvent> history,
    List<DenialCount> denials,
    long totalDenials,
    List<SubscriberAddressChange> addressChanges) {}
