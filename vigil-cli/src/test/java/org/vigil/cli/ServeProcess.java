package org.vigil.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code vigil serve} process on a random loopback port, for the tests that kill it: started
 * from this test JVM's class path with its own data directory and environment, its output drained
 * on a thread (so it never blocks on a full pipe) and its last lines kept for failure messages.
 */
final class ServeProcess implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final int KEPT_LINES = 200;

  final Process process;
  final int port;
  private final Deque<String> tail;

  private ServeProcess(Process process, int port, Deque<String> tail) {
    this.process = process;
    this.port = port;
    this.tail = tail;
  }

  /**
   * Starts {@code vigil serve --port 0 --no-demo --data-dir dataDir} and waits until it listens.
   * The inherited VIGIL_* variables are dropped (a developer's VIGIL_DB_URL must not leak in);
   * {@code env} is added.
   *
   * @throws AssertionError when the process exits before listening, with its output
   */
  static ServeProcess start(Path dataDir, Map<String, String> env) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            VigilCommand.class.getName(),
            "serve",
            "--port",
            "0",
            "--no-demo",
            "--data-dir",
            dataDir.toString());
    // The server's log (stderr) is read with its stdout so a failed start says why.
    builder.redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("VIGIL_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Deque<String> tail = new ArrayDeque<>();
    String line;
    while ((line = out.readLine()) != null) {
      keep(tail, line);
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    String more;
                    while ((more = out.readLine()) != null) {
                      keep(tail, more);
                    }
                  } catch (IOException ignored) {
                    // the process is gone
                  }
                },
                "serve-output");
        drain.setDaemon(true);
        drain.start();
        return new ServeProcess(process, Integer.parseInt(matcher.group(1)), tail);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("vigil serve exited before listening: " + String.join("\n", tail));
  }

  private static void keep(Deque<String> tail, String line) {
    synchronized (tail) {
      if (tail.size() == KEPT_LINES) {
        tail.removeFirst();
      }
      tail.addLast(line);
    }
  }

  /** The last lines the server printed (its log), for an assertion's message. */
  String output() {
    synchronized (tail) {
      return String.join("\n", new ArrayList<>(tail));
    }
  }

  /** SIGKILL: no shutdown hook, no clean close; returns once the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("vigil serve did not die on SIGKILL");
    }
  }

  /** A clean stop (SIGTERM), forced after a minute. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The admin key written on the data directory's first start. */
  static String adminKey(Path dataDir) throws IOException {
    return Files.readString(dataDir.resolve("admin.key")).strip();
  }

  /** The pid of the embedded PostgreSQL server under {@code dataDir}. */
  static long postmasterPid(Path dataDir) throws IOException {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).strip());
  }

  /**
   * Stops the embedded PostgreSQL a killed server left running (a failed test must not leave one
   * behind); the next {@link #start} would otherwise reuse it, which is fine, but the test ends.
   */
  static void stopLeftoverPostgres(Path dataDir) throws IOException {
    if (Files.exists(dataDir.resolve("pg/postmaster.pid"))) {
      ProcessHandle.of(postmasterPid(dataDir)).ifPresent(ProcessHandle::destroy);
    }
  }

  /** Lines as a list, for tests that look for one (e.g. the first start's admin key line). */
  List<String> lines() {
    synchronized (tail) {
      return List.copyOf(tail);
    }
  }
}
