package org.vigil.core.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.BankChange;
import org.vigil.core.banks.BankStore;
import org.vigil.core.banks.NewSignal;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.SignalType;
import org.vigil.core.json.Json;

/**
 * Applies {@link NciiBanking}'s messages to the ncii bank: the work of the {@code ncii_bank} outbox
 * consumer. Every step can be repeated (a delivery is at least once):
 *
 * <ul>
 *   <li>{@code ncii.bank_add}: each hash is added unless the bank holds it already (then the
 *       existing signal is used), and the ledger records that the decision holds it. A removal
 *       already reversed adds nothing (its reversal may overtake a retried addition).
 *   <li>{@code ncii.bank_remove}: the reversal is recorded first, then each signal the reversed
 *       decision held is taken out, unless another unreversed ncii removal holds it too or it was
 *       in the bank before the ncii removals (an operator's or a hash list's signal, not ours to
 *       take).
 * </ul>
 *
 * <p>Signals are written through {@link BankStore} with their change-log entries, then {@code
 * applyChanges} applies those entries to this server's matcher at once and announces them (on
 * Kafka, workers apply them at once too); other servers also find them in the change log. The bank
 * (the message's, named for its tenant by {@link NciiBanking#bankFor}) is created private to the
 * message's tenant (action {@code block}) the first time it is needed.
 */
public final class NciiBankWriter {

  /** The {@code source} of the signals the ncii removals add. */
  public static final String SOURCE = "ncii-review";

  /** The actor of the writer's audit entries; each names the moderator's decision. */
  public static final String SYSTEM = "system:ncii-bank";

  private final BankStore banks;
  private final NciiLedger ledger;
  private final AuditLog audit;
  private final Consumer<List<BankChange>> applyChanges;
  private final Clock clock;

  /**
   * @param applyChanges applies changes this writer logged to this server's matcher and tells the
   *     other servers at once ({@code BankService::applyStoredChanges}), so that the next scan sees
   *     them
   */
  public NciiBankWriter(
      BankStore banks,
      NciiLedger ledger,
      AuditLog audit,
      Consumer<List<BankChange>> applyChanges,
      Clock clock) {
    this.banks = banks;
    this.ledger = ledger;
    this.audit = audit;
    this.applyChanges = applyChanges;
    this.clock = clock;
  }

  /**
   * What one message did.
   *
   * @param added signals new in the bank
   * @param held signals the decision holds (new or found there)
   * @param removed signals taken out
   * @param logged change-log entries written
   */
  public record Outcome(int added, int held, int removed, int logged) {}

  /**
   * Applies one {@code ncii.bank_add} or {@code ncii.bank_remove} message.
   *
   * @throws IllegalArgumentException when the message is not one (it can never succeed)
   */
  public Outcome apply(OutboxMessage message) {
    JsonNode payload;
    try {
      payload = Json.MAPPER.readTree(message.payloadJson());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    List<BankChange> logged = new ArrayList<>();
    Outcome outcome =
        switch (message.topic()) {
          case NciiBanking.ADD -> add(message.tenant(), payload, logged);
          case NciiBanking.REMOVE -> remove(message.tenant(), payload, logged);
          default ->
              throw new IllegalArgumentException("not an ncii bank message: " + message.topic());
        };
    if (!logged.isEmpty()) {
      applyChanges.accept(logged);
    }
    return outcome;
  }

  private Outcome add(String tenant, JsonNode p, List<BankChange> log) {
    String bank = text(p, "bank");
    String caseId = text(p, "caseId");
    String decisionId = text(p, "decisionId");
    if (ledger.reversed(tenant, decisionId)) {
      return new Outcome(0, 0, 0, 0);
    }
    List<NewSignal> signals = new ArrayList<>();
    for (JsonNode hash : p.path("hashes")) {
      SignalType type = SignalType.fromWire(text(hash, "type"));
      signals.add(new NewSignal(type, type.normalise(text(hash, "value")), caseId, SOURCE, "ncii"));
    }
    ensureBank(bank, tenant, log);
    Set<Long> heldBefore = new HashSet<>();
    for (NciiLedger.Entry entry : ledger.held(tenant, decisionId)) {
      heldBefore.add(entry.signalId());
    }
    Instant now = clock.instant();
    int added = 0;
    for (NewSignal wanted : signals) {
      // The row and its audit entry in one transaction: every attempt is audited, as an addition
      // or as the removal holding a signal the bank already had.
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("type", wanted.type().wireName());
      details.put("value", wanted.value());
      details.put("caseId", caseId);
      details.put("decisionId", decisionId);
      details.put("reason", "ncii removal");
      String detailsJson = json(details);
      boolean isNew =
          banks.addSignals(
                  bank,
                  List.of(wanted),
                  now,
                  n ->
                      new AuditEvent(
                          SYSTEM,
                          n == 1 ? "bank.signal.add" : "ncii.bank.hold",
                          "bank:" + bank,
                          detailsJson))
              == 1;
      // Present now, new or not: the stored signal with its id.
      Signal stored = banks.addSignal(bank, wanted, now);
      // A signal this case added in an earlier attempt that died before the ledger write may have
      // missed its change-log entry too: record it again (applying an addition twice is harmless
      // for the verdict; never telling the other servers is not).
      boolean unfinished =
          !isNew
              && SOURCE.equals(stored.source())
              && caseId.equals(stored.externalId())
              && !heldBefore.contains(stored.id());
      if (isNew || unfinished) {
        log(log, bank, BankChange.Kind.SIGNAL_ADD, stored.id(), stored.type(), now);
      }
      if (isNew) {
        added++;
      }
      ledger.hold(
          new NciiLedger.Entry(
              tenant, decisionId, caseId, bank, stored.id(), stored.type().wireName()),
          now);
    }
    return new Outcome(added, signals.size(), 0, log.size());
  }

  private Outcome remove(String tenant, JsonNode p, List<BankChange> log) {
    String reverses = text(p, "reverses");
    String decisionId = text(p, "decisionId");
    String caseId = text(p, "caseId");
    Instant now = clock.instant();
    // First: from here on, a retried addition of the reversed decision adds nothing.
    ledger.reverse(tenant, reverses, decisionId, now);
    int removed = 0;
    for (NciiLedger.Entry entry : ledger.held(tenant, reverses)) {
      if (ledger.heldByOthers(entry.bank(), entry.signalId(), reverses)) {
        continue;
      }
      Optional<Signal> signal = banks.findSignal(entry.bank(), entry.signalId());
      if (signal.isPresent() && !SOURCE.equals(signal.get().source())) {
        continue; // in the bank before any ncii removal: not ours to take out
      }
      if (signal.isPresent() && !banks.removeSignal(entry.bank(), entry.signalId())) {
        continue; // removed meanwhile by someone else, who logged the change
      }
      // Logged even when the signal was already gone: an earlier attempt may have removed it and
      // died before logging the change; removing a missing signal from a matcher is harmless.
      log(
          log,
          entry.bank(),
          BankChange.Kind.SIGNAL_REMOVE,
          entry.signalId(),
          SignalType.fromWire(entry.type()),
          now);
      if (signal.isPresent()) {
        removed++;
        audit.record(
            SYSTEM,
            "bank.signal.remove",
            "bank:" + entry.bank(),
            details(signal.get(), caseId, decisionId, "ncii removal reversed on appeal"));
      }
    }
    return new Outcome(0, 0, removed, log.size());
  }

  private void log(
      List<BankChange> log,
      String bank,
      BankChange.Kind kind,
      Long signalId,
      SignalType type,
      Instant at) {
    long seq = banks.recordChange(bank, kind, signalId, type, at);
    log.add(new BankChange(seq, bank, kind, signalId, type));
  }

  /**
   * Makes sure {@code name} exists as a bank {@code tenant}'s removals may fill: created private to
   * the tenant (action block) when missing; used as found when it is the tenant's own or shared (an
   * operator shared it deliberately: the writer only ever creates private banks). Another tenant's
   * private bank is never filled: that would block the wrong tenant's uploads and show it this
   * tenant's hashes. The attempt fails (retried with backoff, then a dead letter to replay) until
   * the operator renames that bank.
   */
  private void ensureBank(String name, String tenant, List<BankChange> log) {
    Optional<Bank> found = banks.find(name);
    if (found.isEmpty()) {
      Instant now = clock.instant();
      Bank bank =
          new Bank(
              name,
              "Hashes of content tenant '"
                  + tenant
                  + "' removed as non-consensual intimate imagery (VIGIL_NCII_BANK)",
              Bank.DEFAULT_PDQ_THRESHOLD,
              BankAction.BLOCK,
              true,
              now,
              now,
              null,
              tenant);
      if (banks.insert(bank)) {
        log(log, name, BankChange.Kind.BANK_PUT, null, null, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tenant", tenant);
        details.put("action", "block");
        details.put("reason", "VIGIL_NCII_BANK");
        audit.record(SYSTEM, "bank.create", "bank:" + name, details);
        return;
      }
      found = banks.find(name); // another server created it meanwhile
    }
    String owner = found.map(Bank::tenant).orElse(null);
    if (owner != null && !owner.equals(tenant)) {
      throw new IllegalStateException(
          "bank '"
              + name
              + "' is private to tenant '"
              + owner
              + "', not to tenant '"
              + tenant
              + "' whose ncii bank it is named as: rename or delete it");
    }
  }

  private static Map<String, Object> details(
      Signal signal, String caseId, String decisionId, String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("signalId", signal.id());
    details.put("type", signal.type().wireName());
    details.put("value", signal.value());
    details.put("caseId", caseId);
    details.put("decisionId", decisionId);
    details.put("reason", reason);
    return details;
  }

  private static String json(Map<String, Object> value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("the message has no " + field);
    }
    return value.asText();
  }
}
