package org.vigil.core.auth;

/** The authenticated caller of a request: which key, with which role. */
public record Principal(String keyId, Role role) {

  /** The audit log's name for this caller. */
  public String actor() {
    return "key:" + keyId;
  }

  /** A principal for operations run from the command line on the machine itself. */
  public static Principal local(String what) {
    return new Principal("local-" + what, Role.ADMIN);
  }
}
