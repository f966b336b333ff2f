package org.vigil.core.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage port for policy versions. */
public interface PolicyStore {

  /** Stores a new version; false when the version exists already. */
  boolean insert(StoredPolicy policy);

  Optional<StoredPolicy> find(String version);

  /** Every version, newest first. */
  List<StoredPolicy> list();

  /** Sets a version's state (draft, shadow or retired); false when it does not exist. */
  boolean setState(String version, PolicyState state, Instant at);

  /**
   * Makes {@code version} the one live version in one transaction: the previous live version
   * becomes retired. False when the version does not exist.
   */
  boolean activate(String version, Instant at);
}
