package org.vigil.core.minors;

import java.time.Instant;
import java.util.List;

/**
 * An action the existing-accounts review asked for, as kept in the outbox for the platform to fetch
 * and pushed to the platform's webhook.
 *
 * @param id increasing outbox id; fetch with {@code after} = the last id seen
 * @param createdAt when the review recorded it
 * @param accountId the platform's account id
 * @param country the account's jurisdiction
 * @param service the service category reviewed
 * @param action {@code remove_account}, {@code request_parental_consent} or {@code
 *     request_age_assurance}
 * @param rules the failing rule ids
 * @param policyVersion the rule-set version that found it
 * @param delivery delivery to the endpoint of {@code VIGIL_WEBHOOK_URL} ({@link DeliveryStatus#NEW}
 *     when none is set)
 */
public record ReviewAction(
    long id,
    Instant createdAt,
    String accountId,
    String country,
    String service,
    String action,
    List<String> rules,
    String policyVersion,
    DeliveryStatus delivery) {

  public ReviewAction {
    rules = List.copyOf(rules);
    if (delivery == null) {
      throw new IllegalArgumentException("delivery must not be null");
    }
  }
}
