package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing answered is lost when the server dies: the real {@code vigil serve} process (and, in half
 * of the trials, its PostgreSQL server too) is killed with SIGKILL at a random moment while bulk
 * imports and scans run against it; then it is started again and must answer for everything it had
 * acknowledged.
 *
 * <p>Each trial checks that the server starts again; that every scan answered 200 has its decision
 * (GET /v1/decisions/{id}); that every import answered 200 is complete, and that running every
 * import again (answered or not) adds exactly the missing rows and no duplicate; and that the audit
 * chain verifies. CI runs {@value #CI_TRIALS} trials; {@code -Dvigil.crash.trials=20} runs more
 * (README, "Durability").
 */
class CrashRecoveryTest {

  private static final int CI_TRIALS = 2;
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  // Over the build's 5-minute default: 20 trials (-Dvigil.crash.trials=20) take about a minute
  // each on a busy 2-core machine. Every wait inside a trial has its own bound.
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void serve_killedWithMinus9DuringImportsAndScans_losesNothingAnswered() throws Exception {
    int trials = Integer.getInteger("vigil.crash.trials", CI_TRIALS);
    long seed = Long.getLong("vigil.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Started server = serve();
    try {
      trials(server, trials, seed, random);
    } finally {
      // A failed trial must not leave its PostgreSQL running.
      if (Files.exists(dataDir.resolve("pg/postmaster.pid"))) {
        ProcessHandle.of(postmasterPid()).ifPresent(ProcessHandle::destroy);
      }
    }
  }

  private void trials(Started first, int trials, long seed, Random random) throws Exception {
    Started server = first;
    String admin = adminKey(server);
    String platform = createKey(server.port, admin, "platform");
    request(server.port, "POST", "/v1/banks", admin, "{\"name\":\"crash\",\"action\":\"block\"}");
    Set<String> answeredScans = ConcurrentHashMap.newKeySet();
    Map<Integer, String> imports = new ConcurrentHashMap<>();
    Set<Integer> answeredImports = ConcurrentHashMap.newKeySet();
    int nextImport = 0;
    long importedRows = 0;
    for (int trial = 1; trial <= trials; trial++) {
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> load = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int importId = nextImport++;
        // Sizes vary so that in some trials an import is answered before the kill (its resumption
        // must then add nothing) and in others it is cut off mid-way (resumption completes it).
        int rows = 200 + random.nextInt(2801);
        importedRows += rows;
        imports.put(importId, csv(importId, rows));
        int port = server.port;
        load.add(start(() -> runImport(port, admin, importId, imports, answeredImports)));
      }
      for (int i = 0; i < 4; i++) {
        int thread = i;
        int port = server.port;
        load.add(start(() -> runScans(port, platform, thread, stop, answeredScans)));
      }
      long killAfter = 300 + random.nextInt(2500);
      // Half the trials kill PostgreSQL too. Its children may outlive it for a moment and block
      // the restart; EmbeddedPostgresServer waits for them (EmbeddedPostgresServerTest).
      boolean killPostgresToo = random.nextBoolean();
      Thread.sleep(killAfter);
      long postmaster = postmasterPid();
      server.process.destroyForcibly(); // SIGKILL
      if (killPostgresToo) {
        new ProcessBuilder("kill", "-9", Long.toString(postmaster)).start().waitFor();
        ProcessHandle.of(postmaster)
            .ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
      }
      server.process.waitFor();
      stop.set(true);
      for (Thread thread : load) {
        thread.join(30_000);
      }
      System.out.printf(
          "crash trial %d/%d (seed %d): killed after %d ms%s; %d scans, %d imports answered so far%n",
          trial,
          trials,
          seed,
          killAfter,
          killPostgresToo ? " with PostgreSQL" : "",
          answeredScans.size(),
          answeredImports.size());

      Started restarted = serve();
      server = restarted;
      for (String id : answeredScans) {
        HttpResponse<String> decision =
            request(restarted.port, "GET", "/v1/decisions/" + id, admin, null);
        assertThat(decision.statusCode()).as("answered decision " + id).isEqualTo(200);
      }
      for (int importId : answeredImports) {
        JsonNode report =
            JSON.readTree(
                request(
                        restarted.port,
                        "POST",
                        "/v1/banks/crash/import",
                        admin,
                        imports.get(importId))
                    .body());
        assertThat(report.get("added").asLong()).as("answered import " + importId).isZero();
      }
      JsonNode verify =
          JSON.readTree(request(restarted.port, "GET", "/v1/audit/verify", admin, null).body());
      assertThat(verify.get("intact").asBoolean()).as(verify.toString()).isTrue();
    }
    // Resume: every import again; the bank then holds each hash exactly once.
    for (int importId : imports.keySet()) {
      runImport(server.port, admin, importId, imports, answeredImports);
    }
    assertThat(answeredImports).hasSize(imports.size());
    JsonNode bank =
        JSON.readTree(request(server.port, "GET", "/v1/banks/crash", admin, null).body());
    assertThat(bank.get("signals").asLong()).isEqualTo(importedRows);
    stop(server.process);
  }

  private static Thread start(Runnable work) {
    Thread thread = new Thread(work);
    thread.start();
    return thread;
  }

  /** Distinct MD5-shaped hashes, unique to this import. */
  private static String csv(int importId, int rows) {
    StringBuilder csv = new StringBuilder();
    for (int row = 0; row < rows; row++) {
      byte[] hash = new byte[16];
      long value = ((long) importId << 32) | row;
      for (int i = 0; i < 8; i++) {
        hash[i] = (byte) (value >>> (56 - 8 * i));
      }
      hash[15] = 7;
      csv.append("md5,").append(HexFormat.of().formatHex(hash)).append(",i").append(importId);
      csv.append('-').append(row).append(",test\n");
    }
    return csv.toString();
  }

  private void runImport(
      int port, String admin, int importId, Map<Integer, String> imports, Set<Integer> answered) {
    try {
      HttpResponse<String> reply =
          request(port, "POST", "/v1/banks/crash/import", admin, imports.get(importId));
      if (reply.statusCode() == 200) {
        answered.add(importId);
      }
    } catch (IOException | InterruptedException e) {
      // The server died mid-request: this import is not answered, and is resumed later.
    }
  }

  private void runScans(
      int port, String platform, int thread, AtomicBoolean stop, Set<String> answered) {
    Random random = new Random(thread);
    while (!stop.get()) {
      byte[] md5 = new byte[16];
      random.nextBytes(md5);
      try {
        HttpResponse<String> reply =
            request(
                port,
                "POST",
                "/v1/scan",
                platform,
                "{\"hashes\":{\"md5\":\"" + HexFormat.of().formatHex(md5) + "\"}}");
        if (reply.statusCode() == 200) {
          answered.add(JSON.readTree(reply.body()).get("decisionId").asText());
        }
      } catch (IOException | InterruptedException e) {
        return;
      }
    }
  }

  private long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).strip());
  }

  private HttpResponse<String> request(
      int port, String method, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", path.contains("/import") ? "text/csv" : "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String createKey(int port, String admin, String role) throws Exception {
    HttpResponse<String> reply =
        request(port, "POST", "/v1/keys", admin, "{\"role\":\"" + role + "\"}");
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
    return JSON.readTree(reply.body()).get("key").asText();
  }

  private String adminKey(Started server) throws IOException {
    return Files.readString(dataDir.resolve("admin.key")).strip();
  }

  record Started(Process process, int port) {}

  private Started serve() throws IOException {
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
    builder.environment().remove("VIGIL_DB_URL");
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        // Keep draining the output so the server never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> {}));
        drain.setDaemon(true);
        drain.start();
        return new Started(process, Integer.parseInt(matcher.group(1)));
      }
    }
    process.destroyForcibly();
    throw new AssertionError("server did not start again: " + lines);
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
