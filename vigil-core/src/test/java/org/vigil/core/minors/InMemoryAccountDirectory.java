package org.vigil.core.minors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.vigil.core.auth.Principal;
import org.vigil.core.intake.Account;

/** Accounts held in memory, per tenant: for tests, benchmarks and the CLI's one-shot commands. */
public final class InMemoryAccountDirectory implements AccountDirectory {

  private final ConcurrentSkipListMap<String, ConcurrentSkipListMap<String, Account>> tenants =
      new ConcurrentSkipListMap<>();

  private Map<String, Account> of(String tenant) {
    return tenants.getOrDefault(tenant, new ConcurrentSkipListMap<>());
  }

  @Override
  public Optional<Account> find(String tenant, String id) {
    return Optional.ofNullable(of(tenant).get(id));
  }

  @Override
  public boolean put(String tenant, Account account) {
    return tenants
            .computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>())
            .put(account.id(), account)
        == null;
  }

  /** Puts {@code account} in the default tenant. */
  public void put(Account account) {
    put(Principal.DEFAULT_TENANT, account);
  }

  @Override
  public List<Account> page(String tenant, String afterId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more");
    }
    ConcurrentSkipListMap<String, Account> accounts = tenants.get(tenant);
    if (accounts == null) {
      return List.of();
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

  @Override
  public List<String> tenants() {
    return List.copyOf(tenants.keySet());
  }
}
