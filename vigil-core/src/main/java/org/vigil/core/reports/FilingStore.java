package org.vigil.core.reports;

import java.util.Optional;

/** Storage port for filings; every save is durable before it returns. */
public interface FilingStore {

  /** Creates the filing unless the case already has one; returns the stored one. */
  Filing createOrGet(Filing filing);

  Optional<Filing> find(String id);

  Optional<Filing> byCase(String tenant, String caseId);

  void save(Filing filing);

  /** Filings waiting to be sent (state SENDING), oldest change first. */
  java.util.List<Filing> sending(int limit);
}
