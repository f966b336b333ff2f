package org.vigil.server;

import org.vigil.core.auth.Principal;

/**
 * Endpoints over data that belongs to no single tenant (the audit trail that chains every tenant's
 * entries, the court-order register that binds every decide call, the provider's subscriber lines)
 * answer only keys of the default tenant, the operator's own: a key of another tenant, whatever its
 * role, is refused with 403.
 */
public final class OperatorOnly {

  private OperatorOnly() {}

  /**
   * @param what what the endpoint reads or changes, for the message
   * @throws ApiException 403 when {@code caller} is not of the default tenant
   */
  public static void require(Principal caller, String what) {
    if (!Principal.DEFAULT_TENANT.equals(caller.tenant())) {
      throw ApiException.forbidden(
          what
              + " covers every tenant: only keys of the default tenant may use it (this key is"
              + " of tenant '"
              + caller.tenant()
              + "')");
    }
  }
}
