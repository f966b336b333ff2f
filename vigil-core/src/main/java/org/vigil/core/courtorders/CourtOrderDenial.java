package org.vigil.core.courtorders;

import java.time.Instant;
import org.vigil.core.catalogue.ServiceCategory;

/**
 * One refused sign-up or login, recorded durably for the order's compliance report. Stores count
 * one refusal per attempt key, order, UTC day, category and action: repeating the same probe does
 * not inflate the report.
 *
 * @param action the decide action refused, e.g. {@code signup}
 * @param attemptKey the pseudonym (HMAC) of the identifier that matched
 */
public record CourtOrderDenial(
    String orderId, Instant at, ServiceCategory category, String action, String attemptKey) {}
