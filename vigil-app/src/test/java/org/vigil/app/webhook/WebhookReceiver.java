package org.vigil.app.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A platform's webhook endpoint, as its documentation tells it to be written: a real HTTP server on
 * a loopback port that recomputes the signature on its own (never with Vigil's code), refuses bad
 * ones with 401, answers the planned failures, and deduplicates accepted events by event id.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received. */
  record Received(String eventId, String timestamp, String body, boolean signatureValid) {}

  private final HttpServer server;
  private final Supplier<String> secret;
  private final Deque<Integer> plannedStatuses = new ArrayDeque<>();
  private final Map<String, Integer> rejected = new java.util.HashMap<>();
  private final List<Received> requests = new ArrayList<>();
  private final Map<String, String> accepted = new LinkedHashMap<>();

  WebhookReceiver(String secret) {
    this(() -> secret);
  }

  /** A receiver whose secret is read at each request (e.g. from a file Vigil creates later). */
  WebhookReceiver(Supplier<String> secret) {
    this.secret = secret;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/hooks/vigil",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          String id = exchange.getRequestHeaders().getFirst("Vigil-Event-Id");
          String timestamp = exchange.getRequestHeaders().getFirst("Vigil-Timestamp");
          String signature = exchange.getRequestHeaders().getFirst("Vigil-Signature");
          boolean valid = verifies(timestamp, body, signature);
          int status;
          synchronized (this) {
            requests.add(
                new Received(id, timestamp, new String(body, StandardCharsets.UTF_8), valid));
            Integer planned = plannedStatuses.poll();
            status =
                !valid
                    ? 401
                    : rejected.containsKey(id) ? rejected.get(id) : planned != null ? planned : 200;
            if (status == 200) {
              accepted.putIfAbsent(id, new String(body, StandardCharsets.UTF_8));
            }
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  private boolean verifies(String timestamp, byte[] body, String signature) {
    if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.get().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      byte[] expected = mac.doFinal(body);
      byte[] given = HexFormat.of().parseHex(signature.substring(3));
      return MessageDigest.isEqual(expected, given);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/vigil");
  }

  synchronized void failNext(int... statuses) {
    for (int status : statuses) {
      plannedStatuses.add(status);
    }
  }

  /** Answers {@code status} to every request for event {@code id}. */
  synchronized void rejectAlways(String id, int status) {
    rejected.put(id, status);
  }

  synchronized List<Received> requests() {
    return List.copyOf(requests);
  }

  /** Event id to body, in the order first accepted: what the platform acts on. */
  synchronized Map<String, String> accepted() {
    return new LinkedHashMap<>(accepted);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
