package org.vigil.core.courtorders;

import java.time.Instant;

/**
 * A change of the address a restricted subscriber line uses, as reported by the provider's RADIUS
 * accounting.
 *
 * @param linePseudonym the line's HMAC (never the line id in clear)
 * @param address the canonical address or prefix, or null when the session ended
 * @param reason {@code accounting} for a reported change, {@code reassigned} when the address went
 *     to another line, {@code order-ended} when no order names the line any more
 * @param by the actor (API key) whose report caused the change, {@code system} for a release at an
 *     order's end; null for changes recorded before Vigil kept it
 */
public record SubscriberAddressChange(
    String linePseudonym, String address, Instant at, String reason, String by) {}
