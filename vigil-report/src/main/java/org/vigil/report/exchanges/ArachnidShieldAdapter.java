package org.vigil.report.exchanges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.banks.exchanges.ExchangeSignal;
import org.vigil.core.banks.exchanges.FetchPage;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.json.Json;
import org.vigil.core.matcher.RemoteLookup;
import org.vigil.hash.PdqHash;

/**
 * The Canadian Centre for Child Protection's Arachnid Shield, used as a remote lookup: its list is
 * not shared, so there is nothing to fetch; each scan's PDQ hash is asked instead ({@code POST
 * {url}/v1/pdq/} with HTTP Basic credentials and {@code {"hashes": [base64 of the 32 bytes]}}; the
 * SDKs cited in docs/exchanges.md document it). Only the hash is sent: no image, no content id, no
 * user.
 *
 * <p>Classifications {@code csam} and {@code harmful-abusive-material} are hits; {@code
 * no-known-match} is not; {@code test} (the service's test entries) is never a real hit, so a
 * platform can check its connection with a test hash without a block, a report or a signal. Any
 * other classification the service adds later is treated as a hit of that name (a list that adds a
 * category means it).
 */
final class ArachnidShieldAdapter implements ExchangeAdapter, RemoteLookup {

  /** Answers that are not hits. */
  static final Set<String> NOT_HITS = Set.of("no-known-match", "test");

  private final ExchangeConfig config;
  private final AdapterHttp http;
  private final URI endpoint;
  private final String authorization;

  ArachnidShieldAdapter(ExchangeConfig config, Credentials credentials, AdapterHttp http) {
    this.config = config;
    this.http = http;
    String url = config.url().toString();
    this.endpoint = URI.create((url.endsWith("/") ? url : url + "/") + "v1/pdq/");
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (credentials.require("user") + ":" + credentials.require("password"))
                        .getBytes(StandardCharsets.UTF_8));
  }

  /** Nothing to fetch: the list stays with its holder. */
  @Override
  public FetchPage fetch(Optional<String> checkpoint) {
    return FetchPage.unchanged(checkpoint.orElse(null));
  }

  @Override
  public boolean acceptsFeedback() {
    return false;
  }

  @Override
  public void report(ExchangeSignal signal, Opinion opinion) {
    throw new UnsupportedOperationException("Arachnid Shield takes no feedback through its API");
  }

  @Override
  public Verdict lookup(PdqHash pdq) {
    String hash = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(pdq.toHex()));
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putArray("hashes").add(hash);
    HttpRequest request =
        http.request(endpoint)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response = http.send(request, "arachnid pdq lookup");
    if (!AdapterHttp.ok(response)) {
      throw AdapterHttp.failure("arachnid pdq lookup", response);
    }
    JsonNode result;
    try {
      JsonNode answer = Json.MAPPER.readTree(response.body());
      result = answer == null ? null : answer.path("scanned_hashes").get(hash);
    } catch (JsonProcessingException e) {
      result = null;
    }
    if (result == null || !result.hasNonNull("classification")) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL,
          "arachnid pdq lookup: the answer does not classify the hash sent");
    }
    String classification = result.get("classification").asText();
    String matchType = result.hasNonNull("match_type") ? result.get("match_type").asText() : null;
    JsonNode details = result.path("near_match_details");
    String externalId =
        details.hasNonNull("sha256_hex") ? details.get("sha256_hex").asText() : null;
    return new Verdict(!NOT_HITS.contains(classification), classification, matchType, externalId);
  }

  @Override
  public String toString() {
    return "arachnid exchange " + config.name();
  }
}
