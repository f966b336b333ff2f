package org.vigil.report.exchanges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.Delta;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.banks.exchanges.ExchangeSignal;
import org.vigil.core.banks.exchanges.FetchPage;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.json.Json;

/**
 * Fetches a hash list file. The checkpoint is the file's validators ({@code ETag}, {@code
 * Last-Modified}); the next fetch sends them as {@code If-None-Match} / {@code If-Modified-Since}
 * (RFC 9110 section 13.1) and a 304 means nothing changed. The whole file is read before anything
 * is applied: a body cut off part-way fails the fetch instead of withdrawing every hash after the
 * cut.
 *
 * <p>CSV: an optional header row naming {@code type}, {@code value}, {@code external_id}, {@code
 * category}, {@code tags} and the tombstone column; without a header the columns are {@code
 * type,value,external_id,category,<tombstone>}. Several categories or tags are separated by {@code
 * ;} or {@code |}. NDJSON: one object per line with the same names ({@code externalId} also
 * accepted, {@code categories} and {@code tags} as arrays or strings).
 */
final class UrlExchange implements ExchangeAdapter {

  static final int DEFAULT_MAX_ROWS = 5_000_000;
  private static final CsvMapper CSV = new CsvMapper();

  private final ExchangeConfig config;
  private final Optional<Credentials> credentials;
  private final ExchangeHttp http;
  private final boolean full;
  private final String tombstone;
  private final int maxRows;

  UrlExchange(ExchangeConfig config, Optional<Credentials> credentials, ExchangeHttp http) {
    this.config = config;
    this.credentials = credentials;
    this.http = http;
    this.full = config.option("mode", "full").equals("full");
    this.tombstone = config.option("tombstone", "deleted");
    this.maxRows = UrlExchangeFactory.maxRows(config);
  }

  /** The validators of the version we hold. */
  record Validators(String etag, String lastModified) {
    static Validators parse(Optional<String> checkpoint) {
      if (checkpoint.isEmpty()) {
        return new Validators(null, null);
      }
      try {
        JsonNode node = Json.MAPPER.readTree(checkpoint.get());
        return new Validators(text(node, "etag"), text(node, "lastModified"));
      } catch (JsonProcessingException e) {
        // A checkpoint we cannot read only costs one full download.
        return new Validators(null, null);
      }
    }

    String write() {
      ObjectNode node = Json.MAPPER.createObjectNode();
      if (etag != null) {
        node.put("etag", etag);
      }
      if (lastModified != null) {
        node.put("lastModified", lastModified);
      }
      return node.toString();
    }
  }

  @Override
  public FetchPage fetch(Optional<String> checkpoint) {
    Validators held = Validators.parse(checkpoint);
    HttpRequest.Builder request = ExchangeHttp.request(config.url()).GET();
    if (held.etag() != null) {
      request.header("If-None-Match", held.etag());
    }
    if (held.lastModified() != null) {
      request.header("If-Modified-Since", held.lastModified());
    }
    authorise(request);
    HttpResponse<InputStream> response = http.sendStream(request.build());
    ExchangeHttp.check(response, 304);
    if (response.statusCode() == 304) {
      closeQuietly(response.body());
      return FetchPage.unchanged(checkpoint.orElse(null));
    }
    Validators fresh =
        new Validators(
            response.headers().firstValue("ETag").orElse(null),
            response.headers().firstValue("Last-Modified").orElse(null));
    boolean ndjson = isNdjson(response);
    Instant fetchedAt = Instant.now();
    Rows rows = new Rows(fetchedAt);
    try (InputStream body = response.body()) {
      if (ndjson) {
        readNdjson(body, rows);
      } else {
        readCsv(body, rows);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ExchangeException(
          ExchangeException.Kind.UNAVAILABLE,
          "the list from "
              + ExchangeHttp.where(config.url())
              + " broke off while reading: "
              + e.getClass().getSimpleName(),
          null,
          e);
    }
    if (full && rows.deltas.isEmpty()) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL,
          "the list from "
              + ExchangeHttp.where(config.url())
              + " has no usable rows; refusing to withdraw every hash (mode=full)");
    }
    String next = fresh.etag() == null && fresh.lastModified() == null ? null : fresh.write();
    return new FetchPage(rows.deltas, next, false, full, rows.skipped);
  }

  private void authorise(HttpRequest.Builder request) {
    credentials.ifPresent(
        c -> {
          Optional<String> token = c.get("token");
          if (token.isPresent()) {
            request.header("Authorization", "Bearer " + token.get());
          } else {
            request.header(
                "Authorization", ExchangeHttp.basic(c.require("user"), c.require("password")));
          }
        });
  }

  private boolean isNdjson(HttpResponse<?> response) {
    String format = config.option("format", "auto");
    if (!format.equals("auto")) {
      return format.equals("ndjson");
    }
    String path =
        config.url().getPath() == null ? "" : config.url().getPath().toLowerCase(Locale.ROOT);
    if (path.endsWith(".ndjson") || path.endsWith(".jsonl")) {
      return true;
    }
    String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    return type.contains("ndjson") || type.contains("jsonl");
  }

  /** The rows read so far. */
  private final class Rows {
    final List<Delta> deltas = new ArrayList<>();
    final Instant fetchedAt;
    int skipped;
    long read;

    Rows(Instant fetchedAt) {
      this.fetchedAt = fetchedAt;
    }

    void add(
        String type,
        String value,
        String externalId,
        List<String> categories,
        List<String> tags,
        boolean withdrawn) {
      if (++read > maxRows) {
        throw new ExchangeException(
            ExchangeException.Kind.PROTOCOL,
            "the list has more than " + maxRows + " rows (option maxRows)");
      }
      SignalType signalType;
      try {
        signalType = SignalType.fromWire(type == null ? "" : type.trim().toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        skipped++;
        return;
      }
      String hash = value == null ? "" : value.trim();
      String id = externalId == null || externalId.isBlank() ? null : externalId.trim();
      if (withdrawn) {
        if (!hash.isEmpty()) {
          deltas.add(Delta.Delete.byValue(signalType, hash));
        } else if (id != null) {
          deltas.add(Delta.Delete.byExternalId(id));
        } else {
          skipped++;
        }
        return;
      }
      if (hash.isEmpty()) {
        skipped++;
        return;
      }
      deltas.add(new Delta.Upsert(signalType, hash, id, categories, tags, fetchedAt));
    }
  }

  private void readCsv(InputStream body, Rows rows) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
    reader.mark(1 << 16);
    String first = reader.readLine();
    if (first == null) {
      return;
    }
    reader.reset();
    boolean header = first.replace(" ", "").toLowerCase(Locale.ROOT).startsWith("type,");
    CsvSchema schema =
        header
            ? CsvSchema.emptySchema().withHeader()
            : CsvSchema.builder()
                .addColumn("type")
                .addColumn("value")
                .addColumn("external_id")
                .addColumn("category")
                .addColumn(tombstone)
                .build();
    try (MappingIterator<Map<String, String>> it =
        CSV.readerForMapOf(String.class)
            .with(schema)
            .with(CsvParser.Feature.SKIP_EMPTY_LINES)
            .with(CsvParser.Feature.TRIM_SPACES)
            .with(CsvParser.Feature.ALLOW_TRAILING_COMMA)
            .readValues(reader)) {
      while (it.hasNextValue()) {
        Map<String, String> row;
        try {
          row = it.nextValue();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          rows.skipped++;
          continue;
        }
        String externalId = row.getOrDefault("external_id", row.get("externalId"));
        rows.add(
            row.get("type"),
            row.get("value"),
            externalId,
            split(row.getOrDefault("category", row.get("categories"))),
            split(row.get("tags")),
            truthy(row.get(tombstone)));
      }
    }
  }

  private void readNdjson(InputStream body, Rows rows) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        rows.skipped++;
        continue;
      }
      if (!node.isObject()) {
        rows.skipped++;
        continue;
      }
      String externalId = text(node, "externalId");
      rows.add(
          text(node, "type"),
          text(node, "value"),
          externalId != null ? externalId : text(node, "external_id"),
          strings(node.has("categories") ? node.get("categories") : node.get("category")),
          strings(node.get("tags")),
          node.has(tombstone) && truthy(node.get(tombstone).asText()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> strings(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isArray()) {
      List<String> out = new ArrayList<>();
      node.forEach(n -> out.add(n.asText()));
      return out;
    }
    return split(node.asText());
  }

  private static List<String> split(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split("[;|]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static boolean truthy(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    return v.equals("true") || v.equals("1") || v.equals("yes") || v.equals("deleted");
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // A 304 has no body worth reading.
    }
  }

  @Override
  public boolean acceptsFeedback() {
    return false;
  }

  @Override
  public void report(ExchangeSignal signal, Opinion opinion) {
    throw new UnsupportedOperationException("a url exchange takes no feedback");
  }
}
