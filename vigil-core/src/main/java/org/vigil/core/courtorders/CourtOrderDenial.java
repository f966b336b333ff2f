package org.vigil.core.courtorders;

import java.time.Instant;
import org.vigil.core.catalogue.ServiceCategory;

/**
 * One refused sign-up or login, recorded durably for the order's compliance report.
 *
 * @param action the decide action refused, e.g. {@code signup}
 */
public record CourtOrderDenial(
    String orderId, Instant at, ServiceCategory category, String action) {}
