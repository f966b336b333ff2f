package org.vigil.core.banks;

/** Told of each bank change once it is in the change log. */
@FunctionalInterface
public interface BankChangeListener {

  /**
   * @param seq the change's sequence number in the change log
   */
  void changed(String bank, long seq);
}
