package org.vigil.core.minors;

import java.util.List;

/**
 * An existing account that no longer passes the minimum-age rules, and what the platform should do.
 *
 * @param tenant the tenant whose account it is
 * @param accountId the platform's account id
 * @param country the account's jurisdiction
 * @param action what to do: {@code remove_account}, {@code request_parental_consent} or {@code
 *     request_age_assurance}
 * @param rules ids of the rules that failed
 * @param decision the full login decision, with reasons
 */
public record ReviewFinding(
    String tenant,
    String accountId,
    String country,
    String action,
    List<String> rules,
    DecideAnswer decision) {

  public ReviewFinding {
    if (tenant == null) {
      throw new IllegalArgumentException("tenant must not be null");
    }
    rules = List.copyOf(rules);
  }
}
