package org.vigil.report.webhook;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A platform's webhook endpoint written from the Standard Webhooks 1.0 specification alone (never
 * with Vigil's signing code): a real HTTP server on a loopback port that holds its own copy of the
 * secrets, recomputes the signature over {@code id.timestamp.body}, accepts when any listed {@code
 * v1,} signature matches any secret it holds (constant-time), refuses timestamps more than five
 * minutes from its own clock, answers planned failures, and de-duplicates accepted events by {@code
 * webhook-id}.
 */
final class StandardWebhooksReceiver implements AutoCloseable {

  /** The spec's recommended tolerance for the timestamp. */
  static final long TOLERANCE_SECONDS = 5 * 60;

  /** One request as received, with the receiver's verdict. */
  record Received(
      String id,
      String timestamp,
      String signature,
      byte[] body,
      Map<String, String> headers,
      int status) {

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private volatile List<String> secrets;
  private final Supplier<Instant> now;
  private final Map<String, Integer> rejectIds = new HashMap<>();
  private final List<Integer> plannedStatuses = new ArrayList<>();
  private final List<Received> requests = new ArrayList<>();
  private final Map<String, String> accepted = new LinkedHashMap<>();
  private final Set<String> seen = new HashSet<>();

  StandardWebhooksReceiver(List<String> secrets) {
    this(secrets, Instant::now);
  }

  StandardWebhooksReceiver(List<String> secrets, Supplier<Instant> now) {
    this.secrets = List.copyOf(secrets);
    this.now = now;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/hooks",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          String id = exchange.getRequestHeaders().getFirst("webhook-id");
          String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
          String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
          Map<String, String> headers = new HashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          int status;
          synchronized (this) {
            if (!verifies(id, timestamp, signature, body)) {
              status = 401;
            } else if (rejectIds.containsKey(id)) {
              status = rejectIds.get(id);
            } else if (!plannedStatuses.isEmpty()) {
              status = plannedStatuses.remove(0);
            } else {
              status = 204;
            }
            if (status / 100 == 2 && seen.add(id)) {
              accepted.put(id, new String(body, StandardCharsets.UTF_8));
            }
            requests.add(new Received(id, timestamp, signature, body, headers, status));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** The verification a receiver does, straight from the specification. */
  boolean verifies(String id, String timestamp, String signatureHeader, byte[] body) {
    if (id == null || timestamp == null || signatureHeader == null) {
      return false;
    }
    long sentAt;
    try {
      sentAt = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.get().getEpochSecond() - sentAt) > TOLERANCE_SECONDS) {
      return false;
    }
    byte[] signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    for (String secret : secrets) {
      byte[] expected =
          hmac(Base64.getDecoder().decode(secret.substring("whsec_".length())), signed);
      for (String candidate : signatureHeader.split(" ")) {
        int comma = candidate.indexOf(',');
        if (comma < 0 || !candidate.substring(0, comma).equals("v1")) {
          continue;
        }
        byte[] given;
        try {
          given = Base64.getDecoder().decode(candidate.substring(comma + 1));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (MessageDigest.isEqual(expected, given)) {
          return true;
        }
      }
    }
    return false;
  }

  static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
  }

  void holdSecrets(List<String> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  /** Answers {@code status} to every request for event {@code id} until {@link #stopRejecting}. */
  synchronized void reject(String id, int status) {
    rejectIds.put(id, status);
  }

  synchronized void stopRejecting(String id) {
    rejectIds.remove(id);
  }

  synchronized void failNext(int... statuses) {
    for (int status : statuses) {
      plannedStatuses.add(status);
    }
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
