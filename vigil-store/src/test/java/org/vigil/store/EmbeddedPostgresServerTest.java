package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default store: a real PostgreSQL under the data directory, reachable by its owner.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedPostgresServerTest {

  @TempDir Path dataDir;

  @Test
  void start_freshDirectory_listensOnLoopbackOnlyWithDurabilityOn() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
      assertThat(
              server.settings(
                  "listen_addresses",
                  "unix_socket_directories",
                  "fsync",
                  "synchronous_commit",
                  "full_page_writes"))
          .containsExactly("127.0.0.1", "", "on", "on", "on");
      // Pages are checksummed, checkpoints spaced for write-heavy use and new WAL segments not
      // zero-filled by the committing backend (docs/store.md).
      assertThat(
              server.settings(
                  "data_checksums", "max_wal_size", "checkpoint_timeout", "wal_init_zero"))
          .containsExactly("on", "4GB", "10min", "off");
      // The kernel's view, not only the server's: every TCP listener of the server process is on
      // 127.0.0.1 (the port is the server's own, so no other process's socket is counted).
      List<String> listeners = tcpListeners(server.port());
      assertThat(listeners).isNotEmpty().allMatch(address -> address.equals("0100007F"));
      assertThat(tcp6Listeners(server.port())).isEmpty();
    }
  }

  @Test
  void start_directoryFromBeforeTheCheckpointSettings_getsThemButKeepsTheOperatorsOwn()
      throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
      assertThat(server.settings("max_wal_size")).containsExactly("4GB");
    }
    // As a data directory made before 5 December 2026 was: none of the later settings, and an
    // operator's own checkpoint_timeout.
    Path conf = dataDir.resolve("pg/postgresql.conf");
    String older =
        Files.readString(conf)
            .replace("max_wal_size = 4GB\n", "")
            .replace("wal_init_zero = off\n", "")
            .replace("checkpoint_timeout = 10min\n", "checkpoint_timeout = 7min\n");
    Files.writeString(conf, older);
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
      assertThat(server.settings("max_wal_size", "checkpoint_timeout", "wal_init_zero"))
          .containsExactly("4GB", "7min", "off");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)))
        .isEqualTo("rw-------");
    String upgraded = Files.readString(conf);
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
      assertThat(server.settings("max_wal_size")).containsExactly("4GB");
      assertThat(Files.readString(conf)).as("added once only").isEqualTo(upgraded);
    }
  }

  @Test
  void start_freshDirectory_everyFileOwnerOnly() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
      assertThat(server.pgData()).isDirectory();
      try (Stream<Path> paths = Files.walk(dataDir)) {
        for (Path path : paths.toList()) {
          if (Files.isSymbolicLink(path)) {
            continue;
          }
          Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
          assertThat(perms)
              .as(path.toString())
              .doesNotContain(
                  PosixFilePermission.GROUP_READ,
                  PosixFilePermission.GROUP_WRITE,
                  PosixFilePermission.OTHERS_READ,
                  PosixFilePermission.OTHERS_WRITE,
                  PosixFilePermission.OTHERS_EXECUTE);
        }
      }
    }
  }

  @Test
  void connect_wrongPassword_refused() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
      assertThatThrownBy(
              () -> DriverManager.getConnection(server.jdbcUrl(), "vigil", "not-the-password"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
      assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", ""))
          .isInstanceOf(SQLException.class);
      String stored =
          Files.readString(dataDir.resolve(EmbeddedPostgresServer.PASSWORD_FILE)).strip();
      try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "vigil", stored)) {
        assertThat(connection.isValid(2)).isTrue();
      }
    }
  }

  @Test
  void open_twice_secondJoinsFirstAndDataSurvivesRestart() throws Exception {
    try (Database first = Database.openEmbedded(dataDir)) {
      first.jdbi().useHandle(h -> h.execute("CREATE TABLE kept (v int)"));
      first.jdbi().useHandle(h -> h.execute("INSERT INTO kept VALUES (42)"));
      try (Database second = Database.openEmbedded(dataDir)) {
        assertThat(second.embedded().orElseThrow().port())
            .isEqualTo(first.embedded().orElseThrow().port());
        assertThat(count(second, "SELECT v FROM kept")).isEqualTo(42);
      }
      // The second closing left the server running for the first.
      assertThat(count(first, "SELECT count(*) FROM kept")).isEqualTo(1);
    }
    assertThat(Files.exists(dataDir.resolve("pg/postmaster.pid"))).isFalse();
    try (Database again = Database.openEmbedded(dataDir)) {
      assertThat(count(again, "SELECT v FROM kept")).isEqualTo(42);
    }
  }

  @Test
  void start_serverLeftByKilledProcess_adoptedAndStoppedOnClose() throws Exception {
    int port;
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
      port = server.port();
      // Stand in for a Vigil process killed with -9: it never closes, so the server stays up.
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0));
      try (EmbeddedPostgresServer adopted = EmbeddedPostgresServer.start(dataDir)) {
        assertThat(adopted.port()).isEqualTo(port);
      }
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    }
  }

  @Test
  void start_serverKilledWithMinus9_restartsAndRecovers() throws Exception {
    try (Database db = Database.openEmbedded(dataDir)) {
      db.jdbi().useHandle(h -> h.execute("CREATE TABLE kept (v int)"));
      db.jdbi().useHandle(h -> h.execute("INSERT INTO kept VALUES (7)"));
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0));
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
      postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
      new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
      postmaster.onExit().get();
    }
    assertThat(Files.exists(dataDir.resolve("pg/postmaster.pid"))).isTrue();
    try (Database db = Database.openEmbedded(dataDir)) {
      assertThat(count(db, "SELECT v FROM kept")).isEqualTo(7);
    }
  }

  /**
   * PostgreSQL refuses to start while a process of the killed server still holds its shared memory
   * (a backend that has not yet noticed its postmaster died, slow to be scheduled on a loaded
   * machine). The restart waits for it instead of giving up at once.
   */
  @Test
  void start_postmasterKilledWhileItsChildrenLinger_waitsForThemAndRecovers() throws Exception {
    List<ProcessHandle> children;
    try (Database db = Database.openEmbedded(dataDir)) {
      db.jdbi().useHandle(h -> h.execute("CREATE TABLE kept (v int)"));
      db.jdbi().useHandle(h -> h.execute("INSERT INTO kept VALUES (9)"));
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0));
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
      children = postmaster.descendants().toList();
      signal("-STOP", children);
      new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
      postmaster.onExit().get();
    }
    Thread reaper =
        new Thread(
            () -> {
              try {
                Thread.sleep(4000);
                signal("-9", children);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    reaper.start();
    try (Database db = Database.openEmbedded(dataDir)) {
      assertThat(count(db, "SELECT v FROM kept")).isEqualTo(9);
    } finally {
      reaper.join();
    }
  }

  /**
   * A postmaster killed together with its parent is a zombie until the system reaps it, and the JDK
   * calls a zombie alive: the start must not join it (nothing listens on its port) but start the
   * server again once the zombie is gone.
   */
  @Test
  void start_postmasterPidIsAZombie_startsAgainInsteadOfJoiningIt() throws Exception {
    List<String> lockFile;
    try (Database db = Database.openEmbedded(dataDir)) {
      db.jdbi().useHandle(h -> h.execute("CREATE TABLE kept (v int)"));
      db.jdbi().useHandle(h -> h.execute("INSERT INTO kept VALUES (5)"));
      lockFile = Files.readAllLines(dataDir.resolve("pg/postmaster.pid"));
    }
    // A zombie: the child of a process that never waits for it (reaped once that one exits).
    Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 3").start();
    Thread.sleep(600);
    long zombie =
        Long.parseLong(
            Files.readString(
                    Path.of("/proc/" + parent.pid() + "/task/" + parent.pid() + "/children"))
                .strip());
    assertThat(Files.readString(Path.of("/proc/" + zombie + "/stat"))).contains(") Z ");
    List<String> stale = new java.util.ArrayList<>(lockFile);
    stale.set(0, Long.toString(zombie));
    Files.write(dataDir.resolve("pg/postmaster.pid"), stale);

    try (Database db = Database.openEmbedded(dataDir)) {
      assertThat(count(db, "SELECT v FROM kept")).isEqualTo(5);
    } finally {
      parent.waitFor();
    }
  }

  private static void signal(String signal, List<ProcessHandle> processes)
      throws IOException, InterruptedException {
    for (ProcessHandle process : processes) {
      new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
    }
  }

  private static int count(Database db, String sql) {
    return db.jdbi().withHandle(h -> h.select(sql).mapTo(Integer.class).one());
  }

  /** Local addresses (hex, as /proc/net/tcp writes them) listening on {@code port} over IPv4. */
  private static List<String> tcpListeners(int port) throws IOException {
    return listeners(Path.of("/proc/net/tcp"), port);
  }

  private static List<String> tcp6Listeners(int port) throws IOException {
    Path file = Path.of("/proc/net/tcp6");
    return Files.exists(file) ? listeners(file, port) : List.of();
  }

  private static List<String> listeners(Path table, int port) throws IOException {
    String hexPort = String.format("%04X", port);
    return Files.readAllLines(table, StandardCharsets.US_ASCII).stream()
        .skip(1)
        .map(String::strip)
        .map(line -> line.split("\\s+"))
        .filter(fields -> fields[3].equals("0A")) // TCP_LISTEN
        .map(fields -> fields[1].split(":"))
        .filter(local -> local[1].equals(hexPort))
        .map(local -> local[0])
        .toList();
  }
}
