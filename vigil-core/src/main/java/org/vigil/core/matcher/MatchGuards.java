package org.vigil.core.matcher;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.core.banks.exchanges.SignalOpinion;
import org.vigil.core.signal.BenignMatch;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HeldMatch;
import org.vigil.core.signal.Signal;

/**
 * The two guards between a bank match and the policy: the negative bank first (a benign hash is set
 * aside and does not count towards a flood), then the flood guard (a held signal's match goes to
 * review).
 */
public final class MatchGuards implements MatchScreen {

  /** Signal ids never change their hash, so their keys are cached; bounded by clearing. */
  private static final int MAX_CACHED = 100_000;

  private final NegativeBank negative;
  private final FloodGuard flood;
  private final GuardStore store;
  private final Map<String, GuardStore.HashKey> keys = new ConcurrentHashMap<>();

  public MatchGuards(NegativeBank negative, FloodGuard flood, GuardStore store) {
    this.negative = negative;
    this.flood = flood;
    this.store = store;
  }

  public NegativeBank negative() {
    return negative;
  }

  public FloodGuard flood() {
    return flood;
  }

  @Override
  public Signal screen(HashMatch match, String item, String tenant, Instant at) {
    if (!negative.isEmpty()) {
      Optional<SignalOpinion> benign = hashOf(match).flatMap(negative::benign);
      if (benign.isPresent()) {
        SignalOpinion opinion = benign.get();
        return new BenignMatch(
            match.bank(),
            match.signalId(),
            match.type(),
            match.distance(),
            NegativeBank.reason(opinion),
            opinion.origin().wireName(),
            opinion.opinion().by(),
            opinion.exchange(),
            opinion.caseId());
      }
    }
    Optional<SignalHold> hold = flood.observe(match.bank(), match.signalId(), item, tenant, at);
    if (hold.isPresent()) {
      return new HeldMatch(
          match.bank(),
          match.signalId(),
          match.type(),
          match.distance(),
          match.category(),
          match.source(),
          match.bankAction(),
          hold.get().reason(),
          hold.get().heldAt());
    }
    return match;
  }

  private Optional<GuardStore.HashKey> hashOf(HashMatch match) {
    String key = match.bank() + '\n' + match.signalId();
    GuardStore.HashKey cached = keys.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<GuardStore.HashKey> found = store.hashOf(match.bank(), match.signalId());
    if (found.isPresent()) {
      if (keys.size() >= MAX_CACHED) {
        keys.clear();
      }
      keys.put(key, found.get());
    }
    return found;
  }
}
