package org.vigil.core.matcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.banks.exchanges.SignalOpinion;

/**
 * Hashes marked benign: a match on one is set aside in every bank that holds the hash. A hash is
 * benign when the opinion that decides it says {@code false_positive}; the deciding opinion is our
 * own latest (a moderator's decision) when we have one, else the exchanges' latest, so our
 * moderators can overrule an exchange both ways and a later confirmation undoes an earlier
 * overturn.
 *
 * <p>Opinions live in the store; this keeps only the deciding ones in memory, refreshed by {@link
 * #poll()} on the bank-sync beat so every server sharing the database sees a new mark within about
 * a second. Opinions recorded here are applied at once by {@link #applied}.
 */
public final class NegativeBank {

  /**
   * Re-read opinions recorded this long before the last poll: an opinion committed late with an
   * earlier timestamp is still seen (applying one twice changes nothing).
   */
  private static final Duration OVERLAP = Duration.ofSeconds(60);

  private static final Comparator<SignalOpinion> NEWEST =
      Comparator.comparing((SignalOpinion o) -> o.opinion().at())
          .thenComparingLong(SignalOpinion::id);

  private record Key(String type, String value) {}

  private record Judged(SignalOpinion local, SignalOpinion exchange) {
    SignalOpinion deciding() {
      return local != null ? local : exchange;
    }
  }

  private final GuardStore store;
  private final Clock clock;
  private final Map<Key, Judged> judged = new ConcurrentHashMap<>();
  private volatile Instant polledFrom = Instant.EPOCH;

  public NegativeBank(GuardStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Reads opinions recorded since the last poll (all of them the first time). */
  public synchronized int poll() {
    Instant now = clock.instant();
    List<SignalOpinion> opinions = store.opinionsRecordedSince(polledFrom);
    applied(opinions);
    polledFrom = now.minus(OVERLAP);
    return opinions.size();
  }

  /** Takes opinions just stored (by this server) into account at once. */
  public void applied(List<SignalOpinion> opinions) {
    for (SignalOpinion opinion : opinions) {
      judged.compute(
          new Key(opinion.type().wireName(), opinion.value()),
          (key, old) -> {
            SignalOpinion local = old == null ? null : old.local();
            SignalOpinion exchange = old == null ? null : old.exchange();
            if (opinion.origin() == SignalOpinion.Origin.LOCAL) {
              local = newer(local, opinion);
            } else {
              exchange = newer(exchange, opinion);
            }
            return new Judged(local, exchange);
          });
    }
  }

  private static SignalOpinion newer(SignalOpinion current, SignalOpinion candidate) {
    return current == null || NEWEST.compare(candidate, current) >= 0 ? candidate : current;
  }

  /** The opinion that makes the hash benign, or empty when it is not. */
  public Optional<SignalOpinion> benign(GuardStore.HashKey hash) {
    Judged found = judged.get(new Key(hash.type().wireName(), hash.value()));
    if (found == null) {
      return Optional.empty();
    }
    SignalOpinion deciding = found.deciding();
    return deciding.opinion().kind() == Opinion.Kind.FALSE_POSITIVE
        ? Optional.of(deciding)
        : Optional.empty();
  }

  /** Whether any hash is judged at all (lets scans skip the signal lookup when none is). */
  public boolean isEmpty() {
    return judged.isEmpty();
  }

  /** The reason a decision shows for a match set aside by {@code opinion}. */
  public static String reason(SignalOpinion opinion) {
    Opinion o = opinion.opinion();
    StringBuilder text = new StringBuilder("hash marked benign ");
    if (opinion.origin() == SignalOpinion.Origin.LOCAL) {
      text.append("by moderator ").append(o.by());
      if (opinion.caseId() != null) {
        text.append(" on case ").append(opinion.caseId());
      }
    } else {
      text.append("by exchange ")
          .append(opinion.exchange() == null ? "?" : opinion.exchange())
          .append(" (")
          .append(o.by())
          .append(')');
    }
    text.append(" at ").append(o.at()).append(": false positive");
    if (o.category() != null) {
      text.append(" for ").append(o.category());
    }
    return text.toString();
  }
}
