package org.vigil.core.signal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An identifier of the actor matched a court order in force for the service.
 *
 * @param orderId the order's id
 * @param caseRef the court's case reference
 * @param court the court
 * @param legalBasis the legal basis, or null
 * @param service the service category restricted
 * @param endsAt when the order ends (ISO-8601)
 * @param matchedBy which identifier matched ({@code email}, {@code phone}, ...), never its value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CourtOrderHit(
    String orderId,
    String caseRef,
    String court,
    String legalBasis,
    String service,
    String endsAt,
    String matchedBy)
    implements Signal {}
