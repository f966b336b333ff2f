package org.vigil.core.courtorders;

import java.util.List;
import java.util.Map;

/**
 * An order as submitted, before validation: dates and categories as the caller wrote them, the
 * person's identifiers in clear. {@link CourtOrderRegistry#create} validates every field (naming it
 * on refusal), normalises and pseudonymises the identifiers, and never stores this object.
 *
 * @param issuedOn ISO date, e.g. {@code 2026-01-15}
 * @param startsAt ISO instant ({@code 2026-02-01T00:00:00Z}), offset date-time, or date (midnight
 *     UTC)
 * @param endsAt same forms as {@code startsAt}; exclusive
 * @param scope service category wire names, e.g. {@code social_network}
 * @param subject identifiers in clear by type
 * @param phoneCountry ISO country for phones written in national form, or null for the configured
 *     default
 */
public record CourtOrderRequest(
    String court,
    String caseRef,
    String legalBasis,
    String issuedOn,
    String startsAt,
    String endsAt,
    List<String> scope,
    Map<IdentifierType, List<String>> subject,
    String notes,
    String phoneCountry) {}
