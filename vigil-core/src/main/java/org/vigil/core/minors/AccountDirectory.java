package org.vigil.core.minors;

import java.util.List;
import java.util.Optional;
import org.vigil.core.intake.Account;

/**
 * The port through which decisions read registered accounts; vigil-store implements it.
 *
 * <p>Accounts belong to a tenant: two platforms sharing one Vigil may both have an account "u-1",
 * and each sees only its own. Every method therefore takes the tenant as its first argument (the
 * caller's {@code Principal.tenant()}), so no call can forget it.
 */
public interface AccountDirectory {

  Optional<Account> find(String tenant, String id);

  /**
   * The account without its connections (which may number thousands), for decisions; they ask
   * {@link #connected} instead. Stores with a cheaper path override this.
   */
  default Optional<Account> findProfile(String tenant, String id) {
    return find(tenant, id);
  }

  /** Whether either account has accepted the other as a connection. */
  default boolean connected(String tenant, String accountId, String otherId) {
    return find(tenant, accountId).map(a -> a.connections().contains(otherId)).orElse(false)
        || find(tenant, otherId).map(a -> a.connections().contains(accountId)).orElse(false);
  }

  /**
   * What a decision needs from the registry, in one read where the store can: the profiles (without
   * connections) of the actor and the target, and, when {@code askConnected}, whether they are
   * connected.
   *
   * @param actorId the actor's account id, or null for an anonymous actor
   * @param targetId the target's account id, or null when there is none
   * @param askConnected whether to check the connection (both ids must then be given)
   */
  default Parties parties(String tenant, String actorId, String targetId, boolean askConnected) {
    Optional<Account> actor = actorId == null ? Optional.empty() : findProfile(tenant, actorId);
    Optional<Account> target = targetId == null ? Optional.empty() : findProfile(tenant, targetId);
    boolean connected =
        askConnected
            && (actor.isPresent() || target.isPresent())
            && connected(tenant, actorId, targetId);
    return new Parties(actor, target, connected);
  }

  /**
   * The registered actor and target of one decision.
   *
   * @param connected whether either accepted the other (false when not asked)
   */
  record Parties(Optional<Account> actor, Optional<Account> target, boolean connected) {}

  /**
   * Creates or replaces the account of {@code tenant}.
   *
   * @return true when it was created, false when it replaced one
   */
  boolean put(String tenant, Account account);

  /**
   * A page of one tenant's accounts in id order, for jobs that walk every account.
   *
   * @param afterId exclusive lower bound, or null for the first page
   * @param limit page size, 1 or more
   */
  List<Account> page(String tenant, String afterId, int limit);

  /** Every tenant with at least one registered account, in order: jobs walk them one by one. */
  List<String> tenants();
}
