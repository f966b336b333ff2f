package org.vigil.core.minors;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.vigil.core.auth.Principal;
import org.vigil.core.intake.Account;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.AgeSignal;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.intake.InvalidFieldException;
import org.vigil.core.intake.LawfulBasis;
import org.vigil.core.intake.Party;
import org.vigil.core.intake.PartyInput;
import org.vigil.core.policy.BuiltinPolicy;
import org.vigil.core.policy.CompiledPolicy;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.Signal;

/**
 * Answers decide calls: validates the request against what the action needs, merges inline party
 * data with registered accounts, then consults every {@link DecisionCheck} in order; their findings
 * are signals for the policy. Stateless and thread-safe; pure apart from reading accounts and the
 * clock.
 */
public final class DecideService {

  private final AccountDirectory accounts;
  private final UnaryOperator<String> jurisdictions;
  private final List<DecisionCheck> checks;
  private final Clock clock;

  /**
   * @param accounts registered accounts
   * @param jurisdictions maps a code as given (any case, aliases) to its canonical form, or to null
   *     when it is not known
   * @param checks consulted in this order
   * @param clock the time used when a request has no {@code at}
   */
  public DecideService(
      AccountDirectory accounts,
      UnaryOperator<String> jurisdictions,
      List<DecisionCheck> checks,
      Clock clock) {
    if (accounts == null || jurisdictions == null || checks == null || clock == null) {
      throw new IllegalArgumentException("accounts, jurisdictions, checks and clock are required");
    }
    if (checks.isEmpty()) {
      throw new IllegalArgumentException("at least one check is required");
    }
    this.accounts = accounts;
    this.jurisdictions = jurisdictions;
    this.checks = List.copyOf(checks);
    this.clock = clock;
  }

  /** What the checks found for one request: the signals and the data versions they used. */
  public record Gathered(
      DecisionContext context,
      List<Signal> signals,
      String dataVersion,
      Map<String, Object> request) {}

  /**
   * Validates the request and runs every check, collecting signals; deciding is the policy's job.
   *
   * @param tenant whose registered accounts the request's account ids name
   * @throws InvalidFieldException naming the field when the request cannot be decided
   */
  public Gathered gather(String tenant, DecideRequest request) {
    DecisionContext context = resolve(tenant, request);
    DecisionBuilder builder = new DecisionBuilder();
    StringBuilder version = new StringBuilder(32);
    for (DecisionCheck check : checks) {
      if (version.length() > 0) {
        version.append(',');
      }
      version.append(check.name()).append('@').append(check.policyVersion());
      check.check(context, builder);
    }
    Map<String, Object> asked = new LinkedHashMap<>();
    asked.put("action", context.action().wireName());
    asked.put("jurisdiction", context.jurisdiction());
    if (context.service() != null) {
      asked.put("service", context.service().wireName());
    }
    if (request.lawfulBasis() != null) {
      // Recorded only when the platform named it, so records of requests without it stay as they
      // were.
      asked.put("lawfulBasis", request.lawfulBasis().wireName());
    }
    if (context.contentRating() != null) {
      asked.put("contentRating", context.contentRating().wireName());
    }
    if (context.actor().accountId() != null) {
      asked.put("actorAccount", context.actor().accountId());
    }
    if (context.target() != null && context.target().accountId() != null) {
      asked.put("targetAccount", context.target().accountId());
    }
    asked.put("at", context.at().toString());
    asked.put("dataVersion", version.toString());
    return new Gathered(context, builder.signals(), version.toString(), asked);
  }

  /**
   * Decides without storing anything (reviews of existing accounts): the checks' signals, then
   * {@code policy}.
   */
  public DecideAnswer evaluate(String tenant, DecideRequest request, CompiledPolicy policy) {
    Gathered gathered = gather(tenant, request);
    Map<String, Object> context = Map.of("request", gathered.request());
    PolicyOutcome outcome =
        policy.evaluate(DecisionKind.ACCOUNT_ACTION, gathered.signals(), context);
    return DecideAnswer.of(null, gathered.signals(), outcome, gathered.dataVersion());
  }

  /**
   * Decides without storing anything, by the built-in policy, with the default tenant's accounts:
   * for tools and tests that serve one platform.
   */
  public DecideAnswer decide(DecideRequest request) {
    return evaluate(Principal.DEFAULT_TENANT, request, BuiltinPolicy.get());
  }

  /** Validates {@code request} and merges it with the registered accounts of {@code tenant}. */
  public DecisionContext resolve(String tenant, DecideRequest request) {
    AccountAction action = request.action();
    // One read for both parties and their connection: decide throughput is bound by it.
    String actorId = request.actor().accountId();
    String targetId = request.target() == null ? null : request.target().accountId();
    boolean askConnected =
        actorId != null && targetId != null && request.target().connected() == null;
    AccountDirectory.Parties registered =
        actorId == null && targetId == null
            ? NOBODY
            : accounts.parties(tenant, actorId, targetId, askConnected);
    Optional<Account> actorAccount = registered.actor();
    Party actor = merge(request.actor(), actorAccount);

    String given = request.jurisdiction() != null ? request.jurisdiction() : actor.country();
    if (given == null) {
      throw new InvalidFieldException(
          "jurisdiction", "is required (or register the actor's account with a country)");
    }
    String jurisdiction = jurisdictions.apply(given);
    if (jurisdiction == null) {
      throw new InvalidFieldException("jurisdiction", "unknown jurisdiction '" + given + "'");
    }
    if ((action == AccountAction.SIGNUP || action == AccountAction.LOGIN)
        && request.service() == null) {
      throw new InvalidFieldException("service.category", "is required for " + action.wireName());
    }
    if (action == AccountAction.VIEW_CONTENT && request.contentRating() == null) {
      throw new InvalidFieldException("content.rating", "is required for view_content");
    }

    Party target = null;
    boolean connected = false;
    if (request.target() != null) {
      target = merge(request.target(), registered.target());
      connected =
          request.target().connected() != null
              ? request.target().connected()
              : registered.connected();
    } else if (action.needsTarget()) {
      throw new InvalidFieldException("target", "is required for " + action.wireName());
    }
    Instant at = request.at() != null ? request.at() : clock.instant();
    return new DecisionContext(
        action,
        jurisdiction,
        request.service(),
        actor,
        target,
        connected,
        request.contentRating(),
        at,
        request.lawfulBasis() != null ? request.lawfulBasis() : LawfulBasis.CONSENT);
  }

  private static final AccountDirectory.Parties NOBODY =
      new AccountDirectory.Parties(Optional.empty(), Optional.empty(), false);

  private static Party merge(PartyInput input, Optional<Account> registered) {
    Account account = registered.orElse(null);
    List<AgeSignal> signals;
    int extra = (input.birthDate() != null ? 1 : 0) + input.ageSignals().size();
    if (account == null) {
      signals = withBirthDate(input.ageSignals(), input.birthDate(), extra);
    } else {
      // Registered signals stay; a birth date given inline replaces the registered one.
      signals = new ArrayList<>(account.ageSignals().size() + extra + 1);
      signals.addAll(account.ageSignals());
      signals.addAll(input.ageSignals());
      if (input.birthDate() != null) {
        signals.add(AgeSignal.selfDeclared(input.birthDate()));
      } else if (account.birthDate() != null) {
        signals.add(AgeSignal.selfDeclared(account.birthDate()));
      }
    }
    return new Party(
        input.accountId(),
        input.country() != null ? input.country() : account != null ? account.country() : null,
        input.timeZone() != null ? input.timeZone() : account != null ? account.timeZone() : null,
        signals,
        input.identifiers(),
        account != null ? account.connections() : Set.of(),
        input.parentalConsent() != null
            ? input.parentalConsent()
            : account != null && account.parentalConsent());
  }

  private static List<AgeSignal> withBirthDate(
      List<AgeSignal> signals, java.time.LocalDate birthDate, int size) {
    if (birthDate == null) {
      return signals;
    }
    List<AgeSignal> all = new ArrayList<>(size);
    all.addAll(signals);
    all.add(AgeSignal.selfDeclared(birthDate));
    return all;
  }

  /** For diagnostics: the checks in the order they are consulted. */
  public Map<String, String> checkVersions() {
    Map<String, String> versions = new java.util.LinkedHashMap<>();
    for (DecisionCheck check : checks) {
      versions.put(check.name(), check.policyVersion());
    }
    return versions;
  }
}
