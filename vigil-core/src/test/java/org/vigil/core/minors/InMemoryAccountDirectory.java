package org.vigil.core.minors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.vigil.core.intake.Account;

/** Accounts held in memory: for tests, benchmarks and the CLI's one-shot commands. */
public final class InMemoryAccountDirectory implements AccountDirectory {

  private final ConcurrentSkipListMap<String, Account> accounts = new ConcurrentSkipListMap<>();

  @Override
  public Optional<Account> find(String id) {
    return Optional.ofNullable(accounts.get(id));
  }

  @Override
  public void put(Account account) {
    accounts.put(account.id(), account);
  }

  @Override
  public List<Account> page(String afterId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more");
    }
    Map<String, Account> tail = afterId == null ? accounts : accounts.tailMap(afterId, false);
    List<Account> page = new ArrayList<>(Math.min(limit, 64));
    for (Account account : tail.values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(account);
    }
    return page;
  }
}
