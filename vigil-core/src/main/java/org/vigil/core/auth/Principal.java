package org.vigil.core.auth;

/**
 * The authenticated caller of a request: which key, with which role, for which tenant. A platform
 * key reads and writes only its own tenant's accounts, decisions, cases and webhooks.
 */
public record Principal(String keyId, Role role, String tenant) {

  /** The tenant every key belongs to unless configured otherwise. */
  public static final String DEFAULT_TENANT = "default";

  public Principal {
    if (tenant == null || tenant.isBlank()) {
      tenant = DEFAULT_TENANT;
    }
  }

  /** A caller of the default tenant. */
  public Principal(String keyId, Role role) {
    this(keyId, role, DEFAULT_TENANT);
  }

  /** The audit log's name for this caller. */
  public String actor() {
    return "key:" + keyId;
  }

  /** A principal for operations run from the command line on the machine itself. */
  public static Principal local(String what) {
    return new Principal("local-" + what, Role.ADMIN);
  }
}
