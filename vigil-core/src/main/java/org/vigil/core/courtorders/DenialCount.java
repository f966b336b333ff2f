package org.vigil.core.courtorders;

import java.time.LocalDate;
import org.vigil.core.catalogue.ServiceCategory;

/** How many times an order refused access on one UTC day in one service category. */
public record DenialCount(LocalDate day, ServiceCategory category, long count) {}
