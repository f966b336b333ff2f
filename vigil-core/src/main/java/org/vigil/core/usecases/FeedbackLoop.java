package org.vigil.core.usecases;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.OutboxSubscribers;
import org.vigil.core.banks.BankStore;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.exchanges.ExchangeAdapters;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeStore;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.banks.exchanges.SignalOpinion;
import org.vigil.core.banks.exchanges.SignalProvenance;
import org.vigil.core.json.Json;
import org.vigil.core.matcher.NegativeBank;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.review.CaseDecision;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.MatchJudgements;
import org.vigil.core.review.ModerationAction;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HeldMatch;

/**
 * The feedback loop no other tool closes: a moderator's decision on a case a hash match opened
 * becomes an opinion on each matched bank signal (a restriction confirms the match: {@code
 * true_positive}; {@code no_action}, or an appeal's {@code restore}, overturns it: {@code
 * false_positive}) and, for each exchange that holds the signal and takes feedback, an {@code
 * exchange.feedback} outbox message that the {@code exchange_feedback} consumer sends through the
 * exchange's adapter. Both are committed with the decision record. An overturned hash becomes
 * benign at once in every bank (the negative bank, {@link NegativeBank}).
 *
 * <p>The message names the exchange, the bank signal and the verdict, never the hash itself: a
 * webhook subscribed to every topic sees the tenant's outbox, and a list's hashes are the list's to
 * share. The consumer reads the hash and the exchange's id for it when it sends.
 */
public final class FeedbackLoop implements MatchJudgements {

  /** The outbox topic of feedback to an exchange. */
  public static final String TOPIC = "exchange.feedback";

  /** The outbox consumer that sends it. */
  public static final String CONSUMER = "exchange_feedback";

  private final DecisionLog decisions;
  private final BankStore banks;
  private final ExchangeStore exchanges;
  private final ExchangeAdapters adapters;
  private final OutboxSubscribers subscribers;
  private final NegativeBank negative;
  private final Clock clock;
  private final Set<String> subscribedTenants = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public FeedbackLoop(
      DecisionLog decisions,
      BankStore banks,
      ExchangeStore exchanges,
      ExchangeAdapters adapters,
      OutboxSubscribers subscribers,
      NegativeBank negative,
      Clock clock) {
    this.decisions = decisions;
    this.banks = banks;
    this.exchanges = exchanges;
    this.adapters = adapters;
    this.subscribers = subscribers;
    this.negative = negative;
    this.clock = clock;
  }

  /** The subscription id of a tenant's feedback deliveries. */
  public static String subscriptionId(String tenant) {
    return "sub_exchange_feedback_" + tenant;
  }

  /** Subscribes the tenant's outbox to feedback (idempotent; before its first message). */
  public void subscribe(String tenant) {
    if (subscribedTenants.add(tenant)) {
      subscribers.ensure(subscriptionId(tenant), tenant, CONSUMER, List.of(TOPIC), clock.instant());
    }
  }

  @Override
  public Judged judge(CaseFile file, CaseDecision decision, CaseDecision reversed) {
    ReviewCase c = file.reviewCase();
    Opinion.Kind kind = kind(decision.action());
    if (c.policyDecisionId() == null || kind == null) {
      return Judged.NONE;
    }
    Optional<DecisionRecord> opened = decisions.find(c.tenant(), c.policyDecisionId());
    if (opened.isEmpty()) {
      return Judged.NONE;
    }
    List<SignalOpinion> opinions = new ArrayList<>();
    List<OutboxMessage> outbox = new ArrayList<>();
    Set<String> judged = new LinkedHashSet<>();
    for (org.vigil.core.signal.Signal seen : opened.get().signals()) {
      String bank;
      long signalId;
      if (seen instanceof HashMatch m) {
        bank = m.bank();
        signalId = m.signalId();
      } else if (seen instanceof HeldMatch h) {
        bank = h.bank();
        signalId = h.signalId();
      } else {
        continue;
      }
      if (!judged.add(bank + "/" + signalId)) {
        continue; // a video may match one signal at several frames: one opinion
      }
      Optional<Signal> signal = banks.findSignal(bank, signalId);
      if (signal.isEmpty()) {
        continue; // removed since (an exchange withdrew it): nothing left to judge
      }
      List<SignalProvenance> provenance = exchanges.provenance(bank, signalId);
      String category = category(signal.get(), provenance);
      Opinion opinion =
          new Opinion(kind, category, List.of(), decision.decidedBy(), decision.decidedAt());
      String toExchange = null;
      for (SignalProvenance held : provenance) {
        Optional<ExchangeConfig> exchange = exchanges.find(c.tenant(), held.exchange());
        if (exchange.isEmpty() || !takesFeedback(exchange.get())) {
          continue;
        }
        toExchange = toExchange == null ? held.exchange() : toExchange;
        subscribe(c.tenant());
        outbox.add(message(c, decision, bank, signalId, held, opinion));
      }
      opinions.add(
          new SignalOpinion(
              0,
              c.tenant(),
              signal.get().type(),
              signal.get().value(),
              bank,
              signalId,
              toExchange,
              SignalOpinion.Origin.LOCAL,
              opinion,
              c.id(),
              decision.decisionId()));
    }
    return new Judged(opinions, outbox);
  }

  @Override
  public void committed(Judged judged) {
    negative.applied(judged.opinions());
  }

  private boolean takesFeedback(ExchangeConfig exchange) {
    return adapters.find(exchange.type()).map(f -> f.acceptsFeedback()).orElse(false);
  }

  /** What the moderator's action says about the match; null when it says nothing. */
  static Opinion.Kind kind(ModerationAction action) {
    if (action.isRestriction()) {
      return Opinion.Kind.TRUE_POSITIVE;
    }
    if (action == ModerationAction.NO_ACTION || action == ModerationAction.RESTORE) {
      return Opinion.Kind.FALSE_POSITIVE;
    }
    return null;
  }

  private static String category(Signal signal, List<SignalProvenance> provenance) {
    for (SignalProvenance held : provenance) {
      if (!held.categories().isEmpty()) {
        return held.categories().get(0);
      }
    }
    return signal.category();
  }

  private OutboxMessage message(
      ReviewCase c,
      CaseDecision decision,
      String bank,
      long signalId,
      SignalProvenance held,
      Opinion opinion) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", TOPIC);
    payload.put("exchange", held.exchange());
    payload.put("bank", bank);
    payload.put("signalId", signalId);
    payload.put("opinion", opinion.kind().wireName());
    payload.put("category", opinion.category());
    payload.put("caseId", c.id());
    payload.put("decisionId", decision.decisionId());
    payload.put("decidedAt", decision.decidedAt().toString());
    String json;
    try {
      json = Json.MAPPER.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // Derived from the decision, the exchange and the signal: a retried commit enqueues it once.
    String id =
        "msg_fb_"
            + decision.decisionId().substring(4)
            + "_"
            + shortHash(held.exchange() + "/" + bank + "/" + signalId);
    return new OutboxMessage(
        id, c.tenant(), TOPIC, "exchange:" + held.exchange(), json, decision.decidedAt());
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks SHA-256", e);
    }
  }
}
