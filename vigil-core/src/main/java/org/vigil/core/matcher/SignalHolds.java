package org.vigil.core.matcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankService;
import org.vigil.core.error.VigilException;

/**
 * The administrators' side of the flood guard: see which signals are held, and release one once a
 * person has looked (its matches are acted on again; a later flood holds it again). Releases are
 * audited. A key sees the holds on the banks its tenant sees (shared ones and its own), and
 * releases those on banks it may change (BankService's rule: a shared bank's are the default
 * tenant's).
 */
public final class SignalHolds {

  private final FloodGuard flood;
  private final GuardStore store;
  private final AuditLog audit;
  private final BankService banks;

  public SignalHolds(FloodGuard flood, GuardStore store, AuditLog audit, BankService banks) {
    this.flood = flood;
    this.store = store;
    this.audit = audit;
    this.banks = banks;
  }

  /** Every hold in force on a bank {@code by} sees, oldest first. */
  public List<SignalHold> list(Principal by) {
    List<SignalHold> holds = store.activeHolds();
    if (holds.isEmpty()) {
      return holds;
    }
    Set<String> visible =
        banks.list(by).stream().map(Bank::name).collect(java.util.stream.Collectors.toSet());
    return holds.stream().filter(hold -> visible.contains(hold.bank())).toList();
  }

  /**
   * Releases the hold on a bank signal.
   *
   * @throws VigilException not found when the signal is not held
   */
  public void release(Principal by, String bank, long signalId) {
    banks.writable(bank, by);
    if (!flood.release(bank, signalId, by.actor())) {
      throw VigilException.notFound("signal hold", bank + "/" + signalId);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("bank", bank);
    details.put("signalId", signalId);
    audit.record(by.actor(), "signal.hold.release", "bank:" + bank, details);
  }
}
