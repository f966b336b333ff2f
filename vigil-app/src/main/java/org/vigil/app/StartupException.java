package org.vigil.app;

/**
 * Something the operator must fix before Vigil can run (a key file that does not match the
 * database, a data directory that does not exist); the message names the setting and the file, in
 * one line, and the command line prints it as it is.
 */
public final class StartupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
