package org.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.vigil.core.auth.Role;
import org.vigil.core.json.Json;
import org.vigil.server.VigilServer;

/**
 * A real Vigil server on a random port over a given database, and a small HTTP client for it. Tests
 * talk to it only over HTTP, as a platform would.
 */
public final class TestServer implements AutoCloseable {

  private final VigilApp app;
  private final VigilServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  public final String adminKey;
  private final Path dataDir;

  /** An HTTP answer: status and body (parsed when it is JSON). */
  public record Reply(int status, String body, Map<String, java.util.List<String>> headers) {
    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("response is not JSON: " + body, e);
      }
    }
  }

  /**
   * One court-order HMAC key file for every test server in this JVM: servers sharing a database
   * must share the key, as in production.
   */
  static final Path SHARED_COURT_ORDER_KEY = sharedCourtOrderKey();

  private static Path sharedCourtOrderKey() {
    try {
      Path file = TestDirs.create("vigil-test-keys").resolve("court-orders.key");
      byte[] key = new byte[32];
      new java.security.SecureRandom().nextBytes(key);
      Files.writeString(file, java.util.HexFormat.of().formatHex(key));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestServer(String dbUrl, String user, String password) {
    this(dbUrl, user, password, Clock.systemUTC(), StreamSettings.inProcess(), config -> config);
  }

  public TestServer(String dbUrl, String user, String password, long maxUpload, long maxPixels) {
    this(
        dbUrl,
        user,
        password,
        Clock.systemUTC(),
        StreamSettings.inProcess(),
        config -> config.withLimits(maxUpload, maxPixels));
  }

  /** A server whose services read {@code clock}, for tests that move time (e.g. order expiry). */
  public TestServer(String dbUrl, String user, String password, Clock clock) {
    this(dbUrl, user, password, clock, StreamSettings.inProcess(), config -> config);
  }

  /** A server with its own notice-and-action settings (Transparency Database, exposure cap). */
  public TestServer(String dbUrl, String user, String password, Clock clock, ReviewConfig review) {
    this(
        dbUrl,
        user,
        password,
        clock,
        StreamSettings.inProcess(),
        config -> config.withReview(review));
  }

  /** A server with other security settings (rate limits, subscriber-address limits...). */
  public static TestServer withSecurity(String dbUrl, Clock clock, SecuritySettings security) {
    return new TestServer(
        dbUrl, null, null, clock, StreamSettings.inProcess(), c -> c.withSecurity(security));
  }

  /** A server in the scan pipeline on Kafka ({@code stream}: api or all). */
  public static TestServer withKafka(String dbUrl, StreamSettings stream) {
    return new TestServer(dbUrl, null, null, Clock.systemUTC(), stream, config -> config);
  }

  /** A server that may export cases to the given EU authorities (docs/eu-export.md). */
  public static TestServer withEuAuthorities(
      String dbUrl, Clock clock, org.vigil.core.reports.EuAuthorities authorities) {
    return new TestServer(
        dbUrl,
        null,
        null,
        clock,
        StreamSettings.inProcess(),
        config -> config.withEuAuthorities(authorities));
  }

  /** A server that files reports to NCMEC's CyberTipline at {@code ncmec} (a test server). */
  public static TestServer withNcmec(String dbUrl, Clock clock, NcmecSettings ncmec) {
    return new TestServer(
        dbUrl, null, null, clock, StreamSettings.inProcess(), config -> config.withNcmec(ncmec));
  }

  /**
   * The one constructor the others name: the test configuration over {@code dbUrl}, changed by
   * {@code adjust}, served with the background jobs a real {@code vigil serve} starts.
   */
  private TestServer(
      String dbUrl,
      String user,
      String password,
      Clock clock,
      StreamSettings stream,
      UnaryOperator<VigilConfig> adjust) {
    dataDir = TestDirs.create("vigil-test");
    app = VigilApp.open(adjust.apply(config(dbUrl, user, password, dataDir)), clock);
    // A second server on a shared database finds the admin already there: make its own key.
    adminKey =
        Bootstrap.ensureAdminKey(app)
            .orElseGet(() -> app.keys().create(Role.ADMIN, "second test server").secret());
    app.banks().loadAll();
    app.startBankSync();
    app.startCourtOrderSync();
    app.startReviewJobs();
    app.startKafka(stream);
    server = ServerWiring.start(app);
  }

  /** A test configuration with the default limits and settings. */
  public static VigilConfig config(String dbUrl, Path dataDir) {
    return config(dbUrl, null, null, dataDir);
  }

  /**
   * The configuration every test server starts from, over {@code dbUrl} with its own data
   * directory.
   */
  private static VigilConfig config(String dbUrl, String user, String password, Path dataDir) {
    return VigilConfig.fromEnvironment(Map.of())
        .withPort(0)
        .withDataDir(dataDir)
        .withDatabase(dbUrl, user, password)
        .withLimits(20 * VigilConfig.MB, 50_000_000L)
        .withDemo(false)
        .withBankSyncMillis(100)
        .withCourtOrderKeyFile(SHARED_COURT_ORDER_KEY)
        .withWebhook(null, null);
  }

  public VigilApp app() {
    return app;
  }

  public VigilServer server() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** Creates a key with the role through the API and returns its secret. */
  public String key(Role role) {
    Reply reply = send("POST", "/v1/keys", adminKey, "{\"role\":\"" + role.wireName() + "\"}");
    if (reply.status() != 201) {
      throw new AssertionError("could not create key: " + reply);
    }
    return reply.json().get("key").asText();
  }

  /** Creates a key with the role for {@code tenant} through the API and returns its secret. */
  public String key(Role role, String tenant) {
    Reply reply =
        send(
            "POST",
            "/v1/keys",
            adminKey,
            "{\"role\":\"" + role.wireName() + "\",\"tenant\":\"" + tenant + "\"}");
    if (reply.status() != 201) {
      throw new AssertionError("could not create key: " + reply);
    }
    return reply.json().get("key").asText();
  }

  public Reply send(String method, String path, String key, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return send(request.build());
  }

  /**
   * Sends the request; a gzip-encoded answer (the request said {@code Accept-Encoding: gzip}) is
   * decoded as any HTTP client would, its {@code Content-Encoding} header kept in the reply.
   */
  public Reply send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      byte[] body = response.body();
      if (response
          .headers()
          .firstValue("Content-Encoding")
          .filter(coding -> coding.equalsIgnoreCase("gzip"))
          .isPresent()) {
        try (java.io.InputStream gzip =
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
          body = gzip.readAllBytes();
        }
      }
      return new Reply(
          response.statusCode(),
          new String(body, StandardCharsets.UTF_8),
          response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The HTTP client, for answers that are not text (evidence bytes). */
  public HttpClient client() {
    return http;
  }

  public HttpRequest.Builder request(String path, String key) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key);
  }

  @Override
  public void close() {
    server.close();
    app.close();
  }
}
