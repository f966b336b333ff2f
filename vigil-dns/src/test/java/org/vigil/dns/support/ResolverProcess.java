package org.vigil.dns.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/** A real resolver (named or unbound) started as a child process on a loopback port. */
public abstract class ResolverProcess implements AutoCloseable {
  protected final Path directory;
  protected final int port;
  private Process process;

  protected ResolverProcess(Path directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  /**
   * Whether {@code program} is installed. On a developer machine tests skip when it is not; under
   * CI ({@code VIGIL_REQUIRE_RESOLVERS=true}, set by .ci/run, which installs them) a missing
   * resolver fails the build, so the real-resolver tests can never be skipped silently there.
   */
  public static boolean installed(String program) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    if ("true".equals(System.getenv("VIGIL_REQUIRE_RESOLVERS"))) {
      throw new AssertionError(program + " is not installed, but VIGIL_REQUIRE_RESOLVERS=true");
    }
    return false;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  protected abstract List<String> command();

  protected abstract String logName();

  /** Starts the process and waits until it answers queries. */
  public void start() throws IOException {
    Path log = directory.resolve(logName());
    process =
        new ProcessBuilder(command())
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            command().get(0) + " exited " + process.exitValue() + ":\n" + log());
      }
      try {
        Message answer = Probe.query(address(), "127.0.0.1", "startup.nxtest", Type.A);
        if (answer != null) {
          return;
        }
      } catch (RuntimeException e) {
        sleep(100);
      }
    }
    throw new IllegalStateException(command().get(0) + " did not answer in time:\n" + log());
  }

  /** The process's log so far, for failure messages. */
  public String log() {
    try {
      return Files.readString(directory.resolve(logName()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public long pid() {
    return process.pid();
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a helper command and fails with its output when it fails. */
  public static String run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return output;
  }

  /** Deletes a test directory tree (logs included); best effort. */
  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // Best effort: a leftover temp file must not fail the suite.
                }
              });
    } catch (IOException e) {
      // Best effort, as above.
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
