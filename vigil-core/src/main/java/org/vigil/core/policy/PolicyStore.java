package org.vigil.core.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage port for policy versions; each belongs to a tenant. */
public interface PolicyStore {

  /** Stores a new version of its tenant; false when the tenant has that version already. */
  boolean insert(StoredPolicy policy);

  Optional<StoredPolicy> find(String tenant, String version);

  /** Every version of {@code tenant}, newest first. */
  List<StoredPolicy> list(String tenant);

  /** Every tenant's live and shadow versions: what decisions evaluate. */
  List<StoredPolicy> listLiveAndShadow();

  /** Sets a version's state (draft, shadow or retired); false when it does not exist. */
  boolean setState(String tenant, String version, PolicyState state, Instant at);

  /**
   * Makes {@code version} the tenant's one live version in one transaction: the tenant's previous
   * live version becomes retired. False when the version does not exist.
   */
  boolean activate(String tenant, String version, Instant at);
}
