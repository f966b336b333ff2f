package org.vigil.core.minors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.vigil.core.actions.Verdict;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.Account;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.intake.InvalidFieldException;
import org.vigil.core.intake.PartyInput;
import org.vigil.core.policy.BuiltinPolicy;
import org.vigil.core.policy.CompiledPolicy;

/**
 * The job for existing accounts when rules change (a country raises its minimum age, a law comes
 * into force): walks every registered account of one tenant, decides a login for it under the
 * current rules, and reports each account that now fails with the action the platform should take.
 * The platform acts through its own flows; Vigil only lists, so a bad rule file can never delete
 * accounts.
 */
public final class ExistingAccountsReview {

  /** Accounts read per page. */
  public static final int PAGE = 500;

  /** What one run found. */
  public record Summary(int scanned, int skipped, int flagged, String policyVersion) {}

  private final AccountDirectory accounts;
  private final DecideService decisions;
  private final Function<String, CompiledPolicy> policy;

  /**
   * @param decisions a service whose checks are the minors rules (court orders do not belong in a
   *     minimum-age review)
   */
  public ExistingAccountsReview(AccountDirectory accounts, DecideService decisions) {
    this(accounts, decisions, tenant -> BuiltinPolicy.get());
  }

  /**
   * @param policy the policy that decides on the checks' findings for a tenant (its live one on a
   *     server)
   */
  public ExistingAccountsReview(
      AccountDirectory accounts, DecideService decisions, Function<String, CompiledPolicy> policy) {
    if (accounts == null || decisions == null || policy == null) {
      throw new IllegalArgumentException("accounts, decisions and policy are required");
    }
    this.accounts = accounts;
    this.decisions = decisions;
    this.policy = policy;
  }

  /**
   * Reviews every account of {@code tenant} for {@code service} as of {@code at}, passing each
   * finding to {@code sink} as it is found (the account list may be large). Accounts without a
   * known country are counted as skipped.
   */
  public Summary run(
      String tenant, ServiceCategory service, Instant at, Consumer<ReviewFinding> sink) {
    return run(tenant, service, at, sink, null);
  }

  /** Every tenant with registered accounts, for a review of all of them (one run each). */
  public List<String> tenants() {
    return accounts.tenants();
  }

  /**
   * Reviews only the accounts of {@code jurisdictions} (codes as the rule set spells them, e.g.
   * {@link RuleSetDiff#affectedJurisdictions()} after a rules update): the others cannot have
   * changed. Accounts outside them count as skipped. Null reviews every account.
   */
  public Summary run(
      String tenant,
      ServiceCategory service,
      Instant at,
      Consumer<ReviewFinding> sink,
      java.util.Set<String> jurisdictions) {
    if (tenant == null || service == null || at == null || sink == null) {
      throw new IllegalArgumentException("tenant, service, at and sink are required");
    }
    int scanned = 0;
    int skipped = 0;
    int flagged = 0;
    String version = null;
    String after = null;
    while (true) {
      List<Account> page = accounts.page(tenant, after, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (Account account : page) {
        scanned++;
        if (jurisdictions != null && !jurisdictions.contains(canonical(account.country()))) {
          skipped++;
          continue;
        }
        DecideAnswer decision;
        try {
          decision =
              decisions.evaluate(
                  tenant,
                  new DecideRequest(
                      AccountAction.LOGIN,
                      account.country(),
                      service,
                      PartyInput.account(account.id()),
                      null,
                      null,
                      at),
                  policy.apply(tenant));
        } catch (InvalidFieldException e) {
          skipped++;
          continue;
        }
        version = decision.dataVersion();
        if (decision.verdict() != Verdict.ALLOW) {
          flagged++;
          sink.accept(finding(tenant, account, decision));
        }
      }
      after = page.get(page.size() - 1).id();
    }
    return new Summary(scanned, skipped, flagged, version);
  }

  private static String canonical(String country) {
    if (country == null) {
      return null;
    }
    String upper = country.toUpperCase(java.util.Locale.ROOT);
    return Jurisdiction.aliases().getOrDefault(upper, upper);
  }

  /** Convenience for small account sets and tests. */
  public List<ReviewFinding> run(String tenant, ServiceCategory service, Instant at) {
    List<ReviewFinding> findings = new ArrayList<>();
    run(tenant, service, at, findings::add);
    return findings;
  }

  private static ReviewFinding finding(String tenant, Account account, DecideAnswer decision) {
    String action;
    if (decision.verdict() == Verdict.DENY) {
      action = "remove_account";
    } else if (decision.requires().contains(Requirement.PARENTAL_CONSENT)) {
      action = "request_parental_consent";
    } else {
      action = "request_age_assurance";
    }
    List<String> rules = new ArrayList<>();
    for (Reason reason : decision.reasons()) {
      boolean failing =
          switch (reason.code()) {
            case "below_minimum_age", "parental_consent_required", "age_assurance_required" -> true;
            default -> false;
          };
      if (failing && reason.rule() != null && !rules.contains(reason.rule())) {
        rules.add(reason.rule());
      }
    }
    return new ReviewFinding(tenant, account.id(), account.country(), action, rules, decision);
  }
}
