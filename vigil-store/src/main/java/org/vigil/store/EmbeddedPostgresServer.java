package org.vigil.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default store: a real PostgreSQL server on {@code <dataDir>/pg}, started and stopped
 * by the Vigil process, so that {@code vigil serve} works with nothing installed and keeps
 * PostgreSQL's durability (fsync and synchronous commit on; an answered write survives kill -9 of
 * Vigil or of the server). docs/store.md has the measurements behind this choice.
 *
 * <p>Reachable only by its owner: it listens on 127.0.0.1 alone (no Unix socket, no other
 * interface), pg_hba.conf admits only the {@code vigil} user from 127.0.0.1 with SCRAM, and the
 * password is generated on first start into {@code <dataDir>/db.password} (0600). PostgreSQL keeps
 * its own directory 0700 and its files 0600.
 *
 * <p>Several Vigil processes may share one data directory ({@code vigil serve} and a {@code vigil
 * keys create} beside it): the first starts the server, the others find it through {@code
 * postmaster.pid} and connect. A server left running by a process that was killed is found the same
 * way and adopted; one that was killed with it is restarted, and PostgreSQL replays its WAL.
 * Whoever holds {@code <dataDir>/pg.lock} when closing stops the server, unless another process is
 * still connected to it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /** The one role and database of the embedded server. */
  public static final String USER = "vigil";

  public static final String DATABASE = "vigil";

  public static final String PASSWORD_FILE = "db.password";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final Path binaries;
  private final Path dataDir;
  private final Path pgData;
  private final String password;
  private final int port;
  private FileChannel lockChannel;
  private FileLock lock;

  private EmbeddedPostgresServer(
      Path binaries, Path dataDir, String password, int port, FileChannel channel, FileLock lock) {
    this.binaries = binaries;
    this.dataDir = dataDir;
    this.pgData = dataDir.resolve("pg");
    this.password = password;
    this.port = port;
    this.lockChannel = channel;
    this.lock = lock;
  }

  /**
   * Starts (or joins) the embedded server for {@code dataDir}, initialising it on first use.
   *
   * @throws StoreException when it cannot be started
   */
  public static EmbeddedPostgresServer start(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      createOwnerOnlyDirectory(dir);
      Path binaries = PostgresBinaries.install();
      FileChannel channel =
          FileChannel.open(
              dir.resolve("pg.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      restrictToOwner(dir.resolve("pg.lock"));
      FileLock lock = tryLock(channel);
      String password = initialiseIfNeeded(binaries, dir);
      int port = runningPort(dir).orElse(-1);
      if (port < 0) {
        port = startWithRetries(binaries, dir);
      }
      EmbeddedPostgresServer server =
          new EmbeddedPostgresServer(binaries, dir, password, port, channel, lock);
      server.createDatabaseIfMissing();
      return server;
    } catch (IOException e) {
      throw new StoreException(
          "cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  public Path pgData() {
    return pgData;
  }

  /** The directory holding {@code bin/} of the PostgreSQL binaries this server runs. */
  public Path binaries() {
    return binaries;
  }

  private static void createOwnerOnlyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  private static void restrictToOwner(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // Another store in this JVM holds it (tests open several); it will stop the server.
      return null;
    }
  }

  /** Runs initdb on first use; returns the password of the {@code vigil} role. */
  private static String initialiseIfNeeded(Path binaries, Path dir) throws IOException {
    Path pgData = dir.resolve("pg");
    Path passwordFile = dir.resolve(PASSWORD_FILE);
    if (Files.isRegularFile(pgData.resolve("PG_VERSION"))) {
      if (!Files.isRegularFile(passwordFile)) {
        throw new StoreException(
            "the embedded PostgreSQL in " + pgData + " has no password file " + passwordFile, null);
      }
      try {
        addMissingSettings(pgData.resolve("postgresql.conf"));
      } catch (IOException e) {
        // The settings only tune checkpoints: start without them rather than not at all (two
        // processes upgrading the same directory at once can trip over each other's file).
        LOG.warn("cannot add the newer settings to {}: {}", pgData, e.toString());
      }
      return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    }
    synchronized (EmbeddedPostgresServer.class) {
      if (Files.isRegularFile(pgData.resolve("PG_VERSION"))) {
        return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
      }
      // A previous first start killed half-way leaves a partial directory: start it over.
      PostgresBinaries.deleteTree(pgData);
      byte[] secret = new byte[24];
      new SecureRandom().nextBytes(secret);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      Path pwfile = dir.resolve(PASSWORD_FILE + ".new");
      Files.deleteIfExists(pwfile);
      Files.createFile(
          pwfile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
      Processes.run(
          List.of(
              binaries.resolve("bin/initdb").toString(),
              "-D",
              pgData.toString(),
              "-U",
              USER,
              "--pwfile=" + pwfile,
              "-A",
              "scram-sha-256",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-instructions"),
          120);
      Files.writeString(pgData.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
      Files.writeString(
          pgData.resolve("postgresql.conf"),
          Files.readString(pgData.resolve("postgresql.conf")) + SETTINGS,
          StandardCharsets.UTF_8);
      // The password file is the marker of a complete initialisation: it appears last.
      Files.move(pwfile, passwordFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return password;
    }
  }

  /**
   * Gives a data directory made by an older Vigil the settings added to {@link #SETTINGS} since,
   * each one unless the operator has set it to a value of their own. Why: a new setting (the
   * checkpoint spacing, 5 December 2026) should reach the stores already in use, not only new ones.
   * initdb writes some settings with their defaults (it writes {@code max_wal_size = 1GB}), so a
   * setting counts as the operator's own only when its last value differs from PostgreSQL's
   * default. Read by the server at its next start; a running one is not changed.
   */
  static void addMissingSettings(Path conf) throws IOException {
    String text = Files.readString(conf, StandardCharsets.UTF_8);
    StringBuilder added = new StringBuilder();
    for (LaterSetting setting : LATER_SETTINGS) {
      Matcher assignment =
          Pattern.compile("(?m)^\\s*" + setting.name() + "\\s*=\\s*'?([^'#\\s]*)").matcher(text);
      String value = setting.postgresDefault();
      while (assignment.find()) {
        value = assignment.group(1);
      }
      if (value.equals(setting.postgresDefault())) {
        added.append(setting.name()).append(" = ").append(setting.value()).append('\n');
      }
    }
    if (added.length() > 0) {
      // Written beside and moved over the old file, so that a crash leaves the old or the new
      // file, never a truncated one (which would start the server without its network settings).
      Path next = conf.resolveSibling(conf.getFileName() + ".new");
      Files.deleteIfExists(next);
      Files.createFile(
          next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          next,
          text + "\n# Added by Vigil to a data directory made before these settings\n" + added,
          StandardCharsets.UTF_8);
      Files.move(next, conf, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** A setting added to {@link #SETTINGS} after the first release, with PostgreSQL's default. */
  private record LaterSetting(String name, String value, String postgresDefault) {}

  /**
   * Checkpoints every 10 minutes, or after ~2 GB of WAL, rather than every 30-45 s at ten thousand
   * scans a second: a page is written whole into the WAL the first time it changes after a
   * checkpoint (full_page_writes, and hint bits with data checksums), which more than doubled the
   * WAL bytes per scan in the windows after each (docs/store.md, "Checkpoints"). The price: up to a
   * few GB of WAL on disk under sustained load, and replaying it after a crash.
   *
   * <p>New WAL segments are not filled with zeros first (wal_init_zero off): until the first
   * checkpoints have segments to recycle (the first minutes of a new store under load), the backend
   * that commits the group commit's batch had to write 16 MB of zeros before its commit could go
   * on, every second or so at ten thousand scans a second; answers waited for it (p99.9 on the wire
   * 18-48 ms against 9-12 ms without, docs/store.md, "WAL segments"). Durability is the same:
   * fdatasync also makes the blocks a write allocates durable. Once segments are recycled the
   * setting changes nothing.
   */
  private static final List<LaterSetting> LATER_SETTINGS =
      List.of(
          new LaterSetting("max_wal_size", "4GB", "1GB"),
          new LaterSetting("checkpoint_timeout", "10min", "5min"),
          new LaterSetting("wal_init_zero", "off", "on"));

  /** {@link #LATER_SETTINGS} as lines of postgresql.conf. */
  private static String laterSettingLines() {
    StringBuilder lines = new StringBuilder();
    for (LaterSetting setting : LATER_SETTINGS) {
      lines.append(setting.name()).append(" = ").append(setting.value()).append('\n');
    }
    return lines.toString();
  }

  /** Only the vigil role, only from 127.0.0.1, only with its password. */
  private static final String HBA =
      "# Written by Vigil: the embedded store admits its own role from loopback only.\n"
          + "host all vigil 127.0.0.1/32 scram-sha-256\n";

  /**
   * Durability on (the defaults, stated so no one turns them off by accident), loopback only, no
   * Unix socket. The port is given on the command line at each start.
   */
  private static final String SETTINGS =
      "\n# Vigil's embedded store (see docs/store.md)\n"
          + "listen_addresses = '127.0.0.1'\n"
          + "unix_socket_directories = ''\n"
          + "fsync = on\n"
          + "synchronous_commit = on\n"
          + "full_page_writes = on\n"
          + "max_connections = 60\n"
          + "shared_buffers = 128MB\n"
          + "wal_buffers = 16MB\n"
          // Checkpoint spacing and WAL segment creation: why, and how older data directories get
          // them, at LATER_SETTINGS.
          + laterSettingLines()
          + "timezone = 'UTC'\n"
          + "log_timezone = 'UTC'\n"
          + "logging_collector = off\n";

  /** The port of a live server on this data directory, from its postmaster.pid. */
  private static Optional<Integer> runningPortOf(Path dir) {
    Path pidFile = dir.resolve("pg/postmaster.pid");
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (lines.size() < 4) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(lines.get(0).strip());
      int port = Integer.parseInt(lines.get(3).strip());
      boolean alive =
          ProcessHandle.of(pid)
              .map(
                  p ->
                      p.isAlive()
                          && !isZombie(pid)
                          && p.info().command().map(c -> c.endsWith("postgres")).orElse(true))
              .orElse(false);
      return alive ? Optional.of(port) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code pid} has exited and waits to be reaped. A postmaster killed with -9 together
   * with the process that started it stays a zombie until the system reaps it; the JDK still calls
   * it alive, and joining it would mean connecting to a port nobody listens on.
   */
  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int afterName = stat.lastIndexOf(')');
      return afterName > 0 && afterName + 2 < stat.length() && stat.charAt(afterName + 2) == 'Z';
    } catch (IOException e) {
      return false; // no /proc (not Linux) or already gone: the JDK's answer stands
    }
  }

  private static Optional<Integer> runningPort(Path dir) {
    Optional<Integer> port = runningPortOf(dir);
    if (port.isPresent()) {
      LOG.info("embedded PostgreSQL already running on 127.0.0.1:{}; joining it", port.get());
    }
    return port;
  }

  /** How long a start keeps retrying before it gives up and says why. */
  private static final long START_PATIENCE_MILLIS = 60_000;

  /**
   * Starts the server, retrying with growing pauses. Why retry: after a kill -9 of the server, its
   * child processes (backends, the checkpointer) exit only when they notice, and until the last one
   * has gone PostgreSQL refuses to start ("pre-existing shared memory block is still in use"). On a
   * loaded machine that takes seconds; five quick attempts used to fail them all and the restart
   * died with no reason given.
   */
  private static int startWithRetries(Path binaries, Path dir) throws IOException {
    long deadline = System.currentTimeMillis() + START_PATIENCE_MILLIS;
    long pause = 250;
    while (true) {
      long logBefore = logSize(dir);
      int port = startServer(binaries, dir);
      if (port >= 0) {
        return port;
      }
      Optional<String> reason = serverErrorSince(dir, logBefore);
      if (System.currentTimeMillis() + pause > deadline) {
        throw new StoreException(
            "cannot start the embedded PostgreSQL in "
                + dir.resolve("pg")
                + reason.map(why -> ": " + why).orElse("")
                + " (its log: "
                + dir.resolve("pg.log")
                + ")",
            null);
      }
      LOG.info(
          "embedded PostgreSQL did not start{}; retrying in {} ms",
          reason.map(why -> " (" + why + ")").orElse(""),
          pause);
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while starting the embedded PostgreSQL", e);
      }
      pause = Math.min(pause * 2, 4000);
    }
  }

  private static long logSize(Path dir) {
    try {
      return Files.size(dir.resolve("pg.log"));
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last FATAL line the server logged after {@code offset}: why this start failed. */
  private static Optional<String> serverErrorSince(Path dir, long offset) {
    try (java.io.InputStream log = Files.newInputStream(dir.resolve("pg.log"))) {
      log.skipNBytes(offset);
      String written = new String(log.readAllBytes(), StandardCharsets.UTF_8);
      return written
          .lines()
          .filter(line -> line.contains("FATAL:"))
          .reduce((first, second) -> second)
          .map(line -> line.substring(line.indexOf("FATAL:") + "FATAL:".length()).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Starts the server on a free loopback port; -1 when another process won a race to start it. */
  private static int startServer(Path binaries, Path dir) throws IOException {
    Path pgData = dir.resolve("pg");
    int port = freeLoopbackPort();
    Path log = dir.resolve("pg.log");
    if (!Files.exists(log)) {
      Files.createFile(
          log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    try {
      Processes.run(
          List.of(
              binaries.resolve("bin/pg_ctl").toString(),
              "-D",
              pgData.toString(),
              "-l",
              log.toString(),
              "-o",
              "-p " + port,
              "-w",
              "-t",
              "120",
              "start"),
          180);
      return port;
    } catch (StoreException e) {
      Optional<Integer> running = runningPortOf(dir);
      if (running.isPresent()) {
        return running.get();
      }
      LOG.warn("embedded PostgreSQL did not start: {}", e.getMessage());
      return -1;
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", password);
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
  }

  private void createDatabaseIfMissing() {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      statement.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      if (!"42P04".equals(e.getSQLState())) { // duplicate_database: a concurrent first start
        throw new StoreException("cannot create the vigil database: " + e.getMessage(), e);
      }
    }
  }

  /** Client connections other than the caller's, from any process. */
  private int otherClients() {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                    + " AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  /** The SQL a list of settings as the running server sees them (for tests and diagnostics). */
  public List<String> settings(String... names) {
    List<String> values = new ArrayList<>();
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      for (String name : names) {
        try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
          rs.next();
          values.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read settings: " + e.getMessage(), e);
    }
    return values;
  }

  /**
   * Stops the server when this process is the last one using it; call after closing every pool on
   * it.
   */
  @Override
  public synchronized void close() {
    if (lockChannel == null) {
      return;
    }
    try {
      if (lock == null) {
        lock = tryLock(lockChannel);
      }
      if (lock != null && runningPortOf(dataDir).isPresent() && otherClients() == 0) {
        Processes.run(
            List.of(
                binaries.resolve("bin/pg_ctl").toString(),
                "-D",
                pgData.toString(),
                "-m",
                "fast",
                "-w",
                "-t",
                "60",
                "stop"),
            90);
      }
    } catch (IOException | StoreException e) {
      LOG.warn("embedded PostgreSQL in {} not stopped: {}", pgData, e.getMessage());
    } finally {
      try {
        if (lock != null) {
          lock.release();
        }
        lockChannel.close();
      } catch (IOException ignored) {
        // Closing a lock file cannot lose data; the OS releases it with the process anyway.
      }
      lockChannel = null;
      lock = null;
    }
  }
}
