package org.vigil.report.exchanges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.vigil.core.actions.Delivery;
import org.vigil.core.banks.BankStore;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeAdapterFactory;
import org.vigil.core.banks.exchanges.ExchangeAdapters;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.banks.exchanges.ExchangeSecrets;
import org.vigil.core.banks.exchanges.ExchangeSignal;
import org.vigil.core.banks.exchanges.ExchangeStore;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.banks.exchanges.SignalProvenance;
import org.vigil.core.json.Json;
import org.vigil.core.usecases.FeedbackLoop;
import org.vigil.report.Attempt;
import org.vigil.report.OutboxConsumer;

/**
 * Sends {@code exchange.feedback} messages (a moderator confirmed or overturned a match on an
 * exchange's signal) through the exchange's adapter, run by a {@link
 * org.vigil.report.DeliveryWorker} with the same retries, backoff and dead letters as webhooks.
 *
 * <p>The message names the exchange and the bank signal; the hash and the exchange's id for it are
 * read here, when sending. What the exchange is told: the hash, its external id, confirmed or not,
 * the category; never who decided (the opinion is signed {@code vigil}).
 *
 * <p>Outcomes: accepted when the exchange took it; a refusal the exchange will repeat (its protocol
 * error, a deleted exchange or signal, an exchange type without feedback) goes straight to the dead
 * letters, where an operator sees it and can replay it; anything else (unreachable, throttled,
 * credentials refused) is retried with backoff.
 */
public final class ExchangeFeedbackConsumer implements OutboxConsumer {

  private final ExchangeStore exchanges;
  private final ExchangeAdapters adapters;
  private final ExchangeSecrets secrets;
  private final BankStore banks;
  private final Executor executor;

  /**
   * @param executor where the (blocking, timeout-bounded) HTTP calls run
   */
  public ExchangeFeedbackConsumer(
      ExchangeStore exchanges,
      ExchangeAdapters adapters,
      ExchangeSecrets secrets,
      BankStore banks,
      Executor executor) {
    this.exchanges = exchanges;
    this.adapters = adapters;
    this.secrets = secrets;
    this.banks = banks;
    this.executor = executor;
  }

  @Override
  public String name() {
    return FeedbackLoop.CONSUMER;
  }

  @Override
  public CompletableFuture<Attempt> send(Delivery delivery) {
    return CompletableFuture.supplyAsync(() -> attempt(delivery), executor);
  }

  private Attempt attempt(Delivery delivery) {
    JsonNode payload;
    try {
      payload = Json.MAPPER.readTree(delivery.message().payloadJson());
    } catch (JsonProcessingException e) {
      return new Attempt.Rejected("unreadable feedback message");
    }
    String tenant = delivery.message().tenant();
    String name = payload.path("exchange").asText("");
    String bank = payload.path("bank").asText("");
    long signalId = payload.path("signalId").asLong(-1);
    Opinion.Kind kind;
    try {
      kind = Opinion.Kind.fromWire(payload.path("opinion").asText(""));
    } catch (IllegalArgumentException e) {
      return new Attempt.Rejected("feedback message without a valid opinion");
    }
    Optional<ExchangeConfig> config = exchanges.find(tenant, name);
    if (config.isEmpty()) {
      return new Attempt.Rejected("exchange " + name + " no longer exists");
    }
    Optional<ExchangeAdapterFactory> factory = adapters.find(config.get().type());
    if (factory.isEmpty() || !factory.get().acceptsFeedback()) {
      return new Attempt.Rejected("exchange type " + config.get().type() + " takes no feedback");
    }
    Optional<Signal> signal = banks.findSignal(bank, signalId);
    if (signal.isEmpty()) {
      return new Attempt.Rejected("signal " + bank + "/" + signalId + " is no longer in the bank");
    }
    SignalProvenance held = null;
    for (SignalProvenance provenance : exchanges.provenance(bank, signalId)) {
      if (provenance.exchange().equals(name)) {
        held = provenance;
      }
    }
    ExchangeSignal about =
        new ExchangeSignal(
            name,
            signal.get().type(),
            signal.get().value(),
            held == null ? null : held.externalId(),
            held == null ? List.of() : held.categories(),
            held == null ? List.of() : held.tags());
    String category = payload.hasNonNull("category") ? payload.get("category").asText() : null;
    Instant at;
    try {
      at = Instant.parse(payload.path("decidedAt").asText(""));
    } catch (RuntimeException e) {
      at = delivery.message().createdAt();
    }
    try {
      ExchangeAdapter adapter =
          factory.get().create(config.get(), secrets.credentials(config.get()));
      adapter.report(about, new Opinion(kind, category, List.of(), "vigil", at));
      return new Attempt.Accepted();
    } catch (ExchangeException e) {
      return e.kind() == ExchangeException.Kind.PROTOCOL
          ? new Attempt.Rejected(e.getMessage())
          : new Attempt.Failed(e.getMessage());
    } catch (UnsupportedOperationException e) {
      return new Attempt.Rejected("exchange " + name + " takes no feedback");
    }
  }
}
