package org.vigil.core.banks.exchanges;

import java.util.Locale;
import java.util.Objects;
import org.vigil.core.banks.SignalType;

/**
 * An opinion as stored: on a hash (type and canonical value), so it holds in every bank that has
 * the hash, from us or from an exchange.
 *
 * @param id assigned by the store (0 before)
 * @param bank the bank the judged match came from, or null
 * @param signalId the bank signal, or null (it may since have been removed)
 * @param exchange for {@link Origin#EXCHANGE} the exchange that gave it; for {@link Origin#LOCAL}
 *     the exchange it is about (to be sent feedback), or null
 * @param caseId the review case it was decided on, or null
 * @param decisionId the decision record that judged it, or null
 */
public record SignalOpinion(
    long id,
    String tenant,
    SignalType type,
    String value,
    String bank,
    Long signalId,
    String exchange,
    Origin origin,
    Opinion opinion,
    String caseId,
    String decisionId) {

  public SignalOpinion {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(opinion, "opinion");
  }

  /** Whose opinion. */
  public enum Origin {
    /** Ours: a moderator's decision. */
    LOCAL,
    /** An exchange's (another member's) feedback. */
    EXCHANGE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Origin fromWire(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
