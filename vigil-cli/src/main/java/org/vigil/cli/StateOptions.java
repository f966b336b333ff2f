package org.vigil.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import picocli.CommandLine.Option;

/**
 * Where Vigil's state lives; mixed into every command that reads or changes it, so that all of them
 * agree with {@code serve}. Options win over the VIGIL_* environment variables.
 */
public final class StateOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Data directory (embedded database, admin.key). Env VIGIL_DATA_DIR; default ./data.")
  Path dataDir;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      description =
          "Database URL, e.g. jdbc:postgresql://host/vigil?user=u&password=p. Env VIGIL_DB_URL; default: embedded PostgreSQL in the data directory.")
  String dbUrl;

  /** The configuration from the environment, with these options applied. */
  public VigilConfig config(Map<String, String> env) {
    VigilConfig config = VigilConfig.fromEnvironment(env);
    if (dataDir != null) {
      config = config.withDataDir(dataDir);
    }
    if (dbUrl != null) {
      config = config.withDbUrl(dbUrl);
    }
    return config;
  }

  /** Opens the store these options name. */
  public VigilApp open() {
    return VigilApp.open(config(System.getenv()), Clock.systemUTC());
  }
}
