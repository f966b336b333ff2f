package org.vigil.core.matcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.error.VigilException;

/**
 * The administrators' side of the flood guard: see which signals are held, and release one once a
 * person has looked (its matches are acted on again; a later flood holds it again). Releases are
 * audited. Banks are shared by every tenant, so holds are too.
 */
public final class SignalHolds {

  private final FloodGuard flood;
  private final GuardStore store;
  private final AuditLog audit;

  public SignalHolds(FloodGuard flood, GuardStore store, AuditLog audit) {
    this.flood = flood;
    this.store = store;
    this.audit = audit;
  }

  /** Every hold in force, oldest first. */
  public List<SignalHold> list() {
    return store.activeHolds();
  }

  /**
   * Releases the hold on a bank signal.
   *
   * @throws VigilException not found when the signal is not held
   */
  public void release(Principal by, String bank, long signalId) {
    if (!flood.release(bank, signalId, by.actor())) {
      throw VigilException.notFound("signal hold", bank + "/" + signalId);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("bank", bank);
    details.put("signalId", signalId);
    audit.record(by.actor(), "signal.hold.release", "bank:" + bank, details);
  }
}
