package org.vigil.core.matcher;

import java.util.List;
import java.util.Map;
import org.vigil.hash.PdqHash;

/**
 * Where remote lookups enter the scan path: before the banks are matched, a scan's PDQ hash is
 * asked of every remote list of the tenant; a hit becomes a signal of that list's bank (with its
 * provenance), so the bank match that follows finds it like any other and the negative banks, the
 * flood guard and the feedback loop treat it the same way.
 */
public interface RemoteMatcher {

  /** No remote lists. */
  RemoteMatcher NONE = (pdq, tenant) -> List.of();

  /**
   * Asks the tenant's remote lists about {@code pdq}, adding hits to their banks.
   *
   * @return what each list answered, for the decision's context (never the credentials)
   */
  List<Map<String, Object>> learn(PdqHash pdq, String tenant);
}
