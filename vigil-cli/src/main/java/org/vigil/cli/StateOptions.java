package org.vigil.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.vigil.app.StartupException;
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

  @Option(
      names = "--init",
      description =
          "Create the data directory and database when they do not exist yet (only serve creates"
              + " them otherwise, so a mistyped --data-dir cannot start an empty one).")
  boolean init;

  /** The configuration from the environment, with these options applied. */
  public VigilConfig config(Map<String, String> env) {
    VigilConfig config = VigilConfig.fromEnvironment(env);
    if (dataDir != null) {
      config = OptionErrors.naming("--data-dir", "VIGIL_DATA_DIR", config::withDataDir, dataDir);
    }
    if (dbUrl != null) {
      config = OptionErrors.naming("--db-url", "VIGIL_DB_URL", config::withDbUrl, dbUrl);
    }
    return config;
  }

  /**
   * Opens the store these options name, which must already exist unless {@code --init} was given: a
   * command that only reads or adds to Vigil's state must not silently start an empty one in a
   * mistyped directory.
   */
  public VigilApp open() {
    VigilConfig config = config(System.getenv());
    requireExisting(config);
    return VigilApp.open(config, Clock.systemUTC());
  }

  void requireExisting(VigilConfig config) {
    if (init || config.dbUrl() != null) {
      return;
    }
    Path dir = config.dataDir();
    if (!Files.isDirectory(dir)) {
      throw new StartupException(
          "data directory "
              + dir
              + " does not exist; check --data-dir (VIGIL_DATA_DIR), or add --init to create it");
    }
    if (!VigilApp.hasEmbeddedDatabase(dir)) {
      throw new StartupException(
          "data directory "
              + dir
              + " holds no Vigil database; check --data-dir (VIGIL_DATA_DIR), run vigil serve"
              + " there first, or add --init to create one");
    }
  }
}
