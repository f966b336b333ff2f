package org.vigil.core.scan;

import java.util.Optional;

/** Storage port for decisions. */
public interface DecisionStore {

  void insert(Decision decision);

  Optional<Decision> find(String decisionId);
}
