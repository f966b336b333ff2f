package org.vigil.core.minors;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.auth.Principal;
import org.vigil.core.json.Json;

/**
 * A review action as the outbox message that carries it to the platform ({@code
 * minors.review_action}). The body and the event id are exactly those of the first Vigil webhooks,
 * so receivers written for them see no change.
 */
public final class ReviewActionEvents {

  /** The event type, also the {@code type} field of every body. */
  public static final String TOPIC = "minors.review_action";

  /**
   * The tenant whose subscribers receive review actions recorded before accounts had tenants, and
   * the one the endpoint of {@code VIGIL_WEBHOOK_URL} belongs to.
   */
  public static final String TENANT = Principal.DEFAULT_TENANT;

  private ReviewActionEvents() {}

  /** The outbox message for {@code action} of {@code tenant}, to that tenant's subscribers. */
  public static OutboxMessage message(String tenant, ReviewAction action) {
    return new OutboxMessage(
        eventId(
            tenant, action.accountId(), action.service(), action.action(), action.policyVersion()),
        tenant,
        TOPIC,
        action.accountId().length() <= 256 ? action.accountId() : null,
        body(tenant, action),
        action.createdAt());
  }

  /**
   * The event id: {@code rva_} and 32 hex characters of SHA-256 over the account, service, action
   * and rule-set version, which the review records once. It does not depend on the row id, so a
   * database rebuilt from scratch never reuses an id a receiver has already seen for another
   * action. Other tenants' ids also cover the tenant (two tenants may both have an account "u-1");
   * the default tenant's stay those receivers saw before tenants existed.
   */
  public static String eventId(
      String tenant, String accountId, String service, String action, String policyVersion) {
    String key = accountId + "\n" + service + "\n" + action + "\n" + policyVersion;
    if (!TENANT.equals(tenant)) {
      key = tenant + "\n" + key;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "rva_" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The JSON body: identical on every retry (only the timestamp header changes). */
  static String body(String tenant, ReviewAction action) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put(
        "id",
        eventId(
            tenant, action.accountId(), action.service(), action.action(), action.policyVersion()));
    event.put("type", TOPIC);
    event.put("sequence", action.id());
    event.put("createdAt", action.createdAt().toString());
    event.put("accountId", action.accountId());
    event.put("country", action.country());
    event.put("service", action.service());
    event.put("action", action.action());
    event.put("rules", action.rules());
    event.put("policyVersion", action.policyVersion());
    try {
      return Json.MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a review action event", e);
    }
  }
}
