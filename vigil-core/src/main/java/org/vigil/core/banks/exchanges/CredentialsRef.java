package org.vigil.core.banks.exchanges;

import java.nio.file.Path;

/**
 * Where an exchange's secret is: nowhere (a public list), sealed in the database (AES-256-GCM under
 * the exchanges key), or in a file the operator manages (read at each fetch, so rotating it needs
 * no API call). The secret itself never appears in a config, a log line or an API answer.
 *
 * @param file the file for {@link Kind#FILE}, else null
 */
public record CredentialsRef(Kind kind, Path file) {

  public static final CredentialsRef NONE = new CredentialsRef(Kind.NONE, null);
  public static final CredentialsRef STORED = new CredentialsRef(Kind.STORED, null);

  public CredentialsRef {
    if ((kind == Kind.FILE) != (file != null)) {
      throw new IllegalArgumentException("a file reference names a file, and only it does");
    }
  }

  public static CredentialsRef file(Path file) {
    return new CredentialsRef(Kind.FILE, file);
  }

  /** Where the secret lives. */
  public enum Kind {
    NONE,
    STORED,
    FILE
  }
}
