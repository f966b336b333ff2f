package org.vigil.core.banks.exchanges;

import java.util.List;
import org.vigil.core.banks.BankChange;

/**
 * What applying a page did: its counts, and the bank change log entries written in the same
 * transaction, which the bank service applies to this server's matcher (other servers read them
 * from the log).
 */
public record AppliedPage(FetchCounts counts, List<BankChange> changes) {

  public AppliedPage {
    changes = List.copyOf(changes);
  }
}
