package org.vigil.core.signal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The content matched a bank signal the flood guard holds: the signal suddenly matched far more
 * content than it ever did (a hash list mistake, a common image added by error), so its matches go
 * to a person instead of being acted on automatically. Policies see these as {@code held}, not as
 * {@code matches}; the built-in policy queues them for review.
 *
 * @param bankAction the bank's configured action, which is NOT taken while the signal is held
 * @param reason why it is held, in words (its count and baseline)
 * @param heldSince when the hold began
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeldMatch(
    String bank,
    long signalId,
    String type,
    int distance,
    String category,
    String source,
    String bankAction,
    String reason,
    Instant heldSince)
    implements Signal {}
