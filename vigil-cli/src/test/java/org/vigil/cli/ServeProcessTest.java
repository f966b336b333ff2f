package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.SelfSignedCertificate;

/**
 * {@code vigil serve} as a user runs it: a separate process on a fresh data directory, watched
 * through its output and its HTTP port.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeProcessTest {

  private static final Pattern LISTENING =
      Pattern.compile("listening on (https?)://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dataDir;

  /** A started server process and what it printed up to "listening on". */
  record Started(Process process, List<String> lines, String scheme, int port) {}

  private Started serve(String... extra) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                VigilCommand.class.getName(),
                "serve",
                "--port",
                "0",
                "--data-dir",
                dataDir.toString()));
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectError(dataDir.resolveSibling(dataDir.getFileName() + ".stderr").toFile());
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
        return new Started(process, lines, matcher.group(1), Integer.parseInt(matcher.group(2)));
      }
    }
    process.destroyForcibly();
    throw new AssertionError("server exited before listening: " + lines);
  }

  private static HttpResponse<String> get(int port, String path, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  @Test
  void serve_firstAndSecondStart_printsKeyOnceAndServesDemoBank() throws Exception {
    Started first = serve();
    String adminKey;
    try {
      String keyLine =
          first.lines().stream().filter(l -> l.startsWith("admin key: ")).findFirst().orElseThrow();
      adminKey = keyLine.substring("admin key: ".length()).trim();
      assertThat(adminKey).startsWith("vk_");
      Path keyFile = dataDir.resolve("admin.key");
      assertThat(Files.readString(keyFile).trim()).isEqualTo(adminKey);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
          .isEqualTo("rw-------");
      assertThat(first.lines()).anyMatch(l -> l.startsWith("demo bank:"));
      assertThat(get(first.port(), "/healthz", null).statusCode()).isEqualTo(200);
      HttpResponse<String> banks = get(first.port(), "/v1/banks", adminKey);
      assertThat(banks.statusCode()).isEqualTo(200);
      assertThat(banks.body()).contains("\"name\":\"demo\"").contains("\"signals\":30");
    } finally {
      stop(first.process());
    }

    Started second = serve();
    try {
      assertThat(second.lines()).noneMatch(l -> l.contains(adminKey));
      assertThat(second.lines()).anyMatch(l -> l.startsWith("admin key: unchanged"));
      assertThat(second.lines()).noneMatch(l -> l.startsWith("demo bank:"));
      assertThat(get(second.port(), "/v1/banks", adminKey).statusCode()).isEqualTo(200);
    } finally {
      stop(second.process());
    }
  }

  @Test
  void serve_withTlsCertificate_printsHttpsAndServesOverTls(@TempDir Path certDir)
      throws Exception {
    SelfSignedCertificate cert =
        SelfSignedCertificate.create(
            certDir, "EC", SelfSignedCertificate.KeyFormat.PKCS8, System.nanoTime());
    Started started =
        serve(
            "--no-demo",
            "--log-format",
            "json",
            "--tls-cert",
            cert.certFile().toString(),
            "--tls-key",
            cert.keyFile().toString());
    try {
      assertThat(started.scheme()).isEqualTo("https");
      HttpResponse<String> health =
          cert.client()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("https://127.0.0.1:" + started.port() + "/healthz"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      stop(started.process());
    }
    // --log-format json: every stderr line is a JSON object; the request is one of them, with the
    // route template as a field.
    List<String> log =
        Files.readAllLines(dataDir.resolveSibling(dataDir.getFileName() + ".stderr"));
    assertThat(log).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{"));
    List<com.fasterxml.jackson.databind.JsonNode> requests = new ArrayList<>();
    for (String line : log) {
      com.fasterxml.jackson.databind.JsonNode node = org.vigil.core.json.Json.MAPPER.readTree(line);
      if ("vigil.access".equals(node.path("loggerName").asText())) {
        requests.add(node);
      }
    }
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).path("formattedMessage").asText()).startsWith("GET /healthz 200 ");
    assertThat(requests.get(0).path("kvpList").toString()).contains("{\"route\":\"/healthz\"}");
  }
}
