package org.vigil.core.minors;

import java.util.List;
import java.util.Optional;
import org.vigil.core.intake.Account;

/** The port through which decisions read registered accounts; vigil-store implements it. */
public interface AccountDirectory {

  Optional<Account> find(String id);

  /**
   * The account without its connections (which may number thousands), for decisions; they ask
   * {@link #connected} instead. Stores with a cheaper path override this.
   */
  default Optional<Account> findProfile(String id) {
    return find(id);
  }

  /** Whether either account has accepted the other as a connection. */
  default boolean connected(String accountId, String otherId) {
    return find(accountId).map(a -> a.connections().contains(otherId)).orElse(false)
        || find(otherId).map(a -> a.connections().contains(accountId)).orElse(false);
  }

  /** Creates or replaces the account. */
  void put(Account account);

  /**
   * A page of accounts in id order, for jobs that walk every account.
   *
   * @param afterId exclusive lower bound, or null for the first page
   * @param limit page size, 1 or more
   */
  List<Account> page(String afterId, int limit);
}
