package org.vigil.core.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.OutboxSubscribers;
import org.vigil.core.error.VigilException;
import org.vigil.core.json.Json;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionQuery;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.signal.HashQuality;

/**
 * TAKE IT DOWN: a moderator's {@code remove} on an ncii case puts the content's hashes in the
 * removing tenant's ncii bank, so a re-upload of the same image to that tenant is matched and
 * blocked; a {@code restore} on appeal takes them out again.
 *
 * <p>Each tenant has its own bank, private to it: {@code <VIGIL_NCII_BANK>-<tenant>} ({@link
 * #bankFor}), so one tenant's removals never block another tenant's uploads. Bank names are unique
 * across tenants, so the configured name is a prefix, and names under it are kept for the tenant
 * they name ({@link #refuseName}: another tenant cannot take {@code ncii-forum-b} first). Only the
 * operator (the default tenant) may create such a bank shared, deliberately, before the first
 * removal; the writer then fills the shared bank it finds.
 *
 * <p>This class decides what goes to the bank, at decision time: the hashes the decision names, and
 * the hashes Vigil's scans of the same content id recorded (a scan decision's {@code
 * context.hashes}; a PDQ hash too featureless to match is left out). The bank is not written here:
 * an {@code ncii.bank_add} (or {@code ncii.bank_remove}) message is committed in the decision's own
 * transaction, and the {@code ncii_bank} outbox consumer ({@link NciiBankWriter}) applies it, so a
 * crash between the decision and the bank write loses nothing, and a retried write adds nothing
 * twice. The messages name the decision, not the moderator: a webhook subscribed to every event
 * receives them too.
 */
public final class NciiBanking {

  /** Topic: add a removal's hashes to the bank. */
  public static final String ADD = "ncii.bank_add";

  /** Topic: a removal was reversed on appeal; take out the hashes only it held. */
  public static final String REMOVE = "ncii.bank_remove";

  /** The outbox consumer that writes the bank. */
  public static final String CONSUMER = "ncii_bank";

  /** No ncii bank configured: decisions add nothing. */
  public static final NciiBanking OFF = new NciiBanking(null, null, null, Clock.systemUTC());

  /** The longest bank name (the banks table's and the bank API's limit). */
  private static final int MAX_BANK_NAME = 64;

  /** The longest VIGIL_NCII_BANK: room for a tenant's name after it. */
  public static final int MAX_PREFIX = 32;

  /** Scan decisions read per content id (newest first). */
  private static final int SCANS = 100;

  private final String bank;
  private final DecisionLog decisions;
  private final OutboxSubscribers subscribers;
  private final Clock clock;
  private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

  /**
   * @param bank the prefix of every tenant's ncii bank ({@code VIGIL_NCII_BANK}), or null for none
   * @param decisions where the scans of the content are found
   * @param subscribers to subscribe each tenant's {@code ncii_bank} consumer before its first
   *     message
   */
  public NciiBanking(
      String bank, DecisionLog decisions, OutboxSubscribers subscribers, Clock clock) {
    this.bank = bank;
    this.decisions = decisions;
    this.subscribers = subscribers;
    this.clock = clock;
  }

  /** The configured name (the prefix of every tenant's ncii bank), or null. */
  public String bank() {
    return bank;
  }

  /**
   * The name of {@code tenant}'s ncii bank: {@code <prefix>-<tenant>}. A tenant name too long for
   * that (bank names have at most 64 characters) is cut, and the first 8 hex digits of its SHA-256
   * keep the name its own: {@code <prefix>-<start of tenant>-<8 hex>}.
   */
  public static String bankFor(String prefix, String tenant) {
    String plain = prefix + "-" + tenant;
    if (plain.length() <= MAX_BANK_NAME) {
      return plain;
    }
    String digest;
    try {
      digest =
          java.util.HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(tenant.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
              .substring(0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    int keep = MAX_BANK_NAME - prefix.length() - 2 - digest.length();
    return prefix + "-" + tenant.substring(0, keep) + "-" + digest;
  }

  /** The name of {@code tenant}'s ncii bank (with a bank configured). */
  public String bankFor(String tenant) {
    if (bank == null) {
      throw new IllegalStateException("no ncii bank is configured");
    }
    return bankFor(bank, tenant);
  }

  /**
   * Why {@code name} may not be created as a bank owned by {@code owner} (null: shared), or null
   * when it may: a name under the ncii prefix ({@code <prefix>-...}) is kept for the tenant whose
   * ncii bank it is, as that tenant's private bank, or shared by the operator; never another
   * tenant's private bank, which would take the tenant's removals (the writer refuses to fill it)
   * and learn their hashes.
   */
  public String refuseName(String name, String owner) {
    if (bank == null || owner == null || !name.startsWith(bank + "-")) {
      return null;
    }
    if (name.equals(bankFor(owner))) {
      return null;
    }
    return "bank names starting with '"
        + bank
        + "-' are kept for each tenant's ncii bank (VIGIL_NCII_BANK): tenant '"
        + owner
        + "' may create only '"
        + bankFor(owner)
        + "'";
  }

  public boolean enabled() {
    return bank != null;
  }

  /** The subscription id of a tenant's ncii bank deliveries. */
  public static String subscriptionId(String tenant) {
    return OutboxSubscribers.idFor("sub_ncii_bank_", tenant);
  }

  /** Whether the case is about non-consensual intimate imagery (its category or any notice's). */
  public static boolean concerns(CaseFile file) {
    if (file.reviewCase().category() == NoticeCategory.NCII) {
      return true;
    }
    for (Notice notice : file.notices()) {
      if (notice.category() == NoticeCategory.NCII) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses hashes a decision cannot use (422 on {@code hashes}): they are taken only for a {@code
   * remove} on an ncii case, with a bank configured.
   */
  public void checkGiven(CaseFile file, ModerationAction action, List<ContentHash> given) {
    if (given.isEmpty()) {
      return;
    }
    if (!enabled()) {
      throw VigilException.invalid(
          "hashes", "hashes go to the ncii bank, and none is configured (VIGIL_NCII_BANK)");
    }
    if (action != ModerationAction.REMOVE || !concerns(file)) {
      throw VigilException.invalid(
          "hashes", "hashes are taken only for a remove decision on an ncii case");
    }
  }

  /**
   * What the decision does to the bank.
   *
   * @param context what the decision record says about it ({@code context.nciiBank}); null when
   *     nothing
   * @param message the message the consumer applies; null when nothing is to be written
   */
  public record Plan(Map<String, Object> context, OutboxMessage message) {
    public static final Plan NONE = new Plan(null, null);
  }

  /**
   * The plan for {@code decision} on {@code file}'s case.
   *
   * @param reversed the decision a restore undoes, or null
   * @param given the hashes the decision named (validated)
   */
  public Plan plan(
      CaseFile file, CaseDecision decision, CaseDecision reversed, List<ContentHash> given) {
    if (!enabled() || !concerns(file)) {
      return Plan.NONE;
    }
    ReviewCase c = file.reviewCase();
    String tenantBank = bankFor(c.tenant());
    if (decision.action() == ModerationAction.REMOVE) {
      Set<ContentHash> hashes = new LinkedHashSet<>(given);
      hashes.addAll(scanned(c.tenant(), c.target().contentId()));
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("bank", tenantBank);
      context.put("hashes", wire(hashes));
      if (hashes.isEmpty()) {
        // Nothing to bank: the content was never scanned and the decision named no hashes.
        return new Plan(context, null);
      }
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("type", ADD);
      payload.put("bank", tenantBank);
      payload.put("caseId", c.id());
      payload.put("decisionId", decision.decisionId());
      payload.put("hashes", wire(hashes));
      return new Plan(context, message(decision, ADD, payload));
    }
    if (decision.action() == ModerationAction.RESTORE
        && reversed != null
        && reversed.action() == ModerationAction.REMOVE) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("type", REMOVE);
      payload.put("caseId", c.id());
      payload.put("decisionId", decision.decisionId());
      payload.put("reverses", reversed.decisionId());
      return new Plan(
          Map.of("bank", tenantBank, "reverses", reversed.decisionId()),
          message(decision, REMOVE, payload));
    }
    return Plan.NONE;
  }

  /** The hashes scans of the content recorded, newest scan first. */
  List<ContentHash> scanned(String tenant, String contentId) {
    List<ContentHash> out = new ArrayList<>();
    for (DecisionRecord scan :
        decisions
            .query(
                new DecisionQuery(
                    tenant, contentId, DecisionKind.CONTENT, null, null, null, null, SCANS))
            .decisions()) {
      if (!(scan.context().get("hashes") instanceof Map<?, ?> hashes)) {
        continue; // a moderator's decision on the content, not a scan
      }
      boolean pdqSkipped =
          scan.signals().stream().anyMatch(s -> s instanceof HashQuality q && q.pdqSkipped());
      for (String type : List.of("pdq", "md5", "sha256")) {
        if (type.equals("pdq") && pdqSkipped) {
          continue;
        }
        if (hashes.get(type) instanceof String value) {
          try {
            out.addAll(ContentHash.validate(List.of(new ContentHash(type, value)), "scan"));
          } catch (VigilException e) {
            continue; // not a hash this bank can hold; the decision itself must not fail on it
          }
        }
      }
    }
    return out;
  }

  private static List<Map<String, String>> wire(Set<ContentHash> hashes) {
    List<Map<String, String>> out = new ArrayList<>(hashes.size());
    for (ContentHash hash : hashes) {
      Map<String, String> one = new LinkedHashMap<>();
      one.put("type", hash.type());
      one.put("value", hash.value());
      out.add(one);
    }
    return out;
  }

  private OutboxMessage message(CaseDecision decision, String topic, Map<String, Object> payload) {
    subscribe(decision.tenant());
    String json;
    try {
      json = Json.MAPPER.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // Derived from the decision: a retried commit enqueues it once.
    return new OutboxMessage(
        "msg_" + decision.decisionId() + ":" + topic,
        decision.tenant(),
        topic,
        "case:" + decision.caseId(),
        json,
        decision.decidedAt());
  }

  private void subscribe(String tenant) {
    if (subscribed.add(tenant)) {
      subscribers.ensure(
          subscriptionId(tenant), tenant, CONSUMER, List.of(ADD, REMOVE), clock.instant());
    }
  }
}
