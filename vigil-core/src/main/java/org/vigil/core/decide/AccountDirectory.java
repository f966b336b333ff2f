package org.vigil.core.decide;

import java.util.List;
import java.util.Optional;

/** The port through which decisions read registered accounts; vigil-store implements it. */
public interface AccountDirectory {

  Optional<Account> find(String id);

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
