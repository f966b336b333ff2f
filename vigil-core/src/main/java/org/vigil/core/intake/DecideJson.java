package org.vigil.core.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.json.Json;

/**
 * The JSON wire format of decide requests and registered accounts, read field by field so every
 * error names its field (e.g. {@code actor.ageSignals[1].maxAge}). Unknown fields are errors: a
 * misspelt field must not be silently ignored in a safety decision. Sizes are bounded so a request
 * cannot make a decision expensive.
 */
public final class DecideJson {

  /** At most this many age signals per party. */
  public static final int MAX_SIGNALS = 32;

  /** At most this many identifiers per party. */
  public static final int MAX_IDENTIFIERS = 16;

  /** At most this many connections per registered account. */
  public static final int MAX_CONNECTIONS = 10_000;

  /** Longest accepted string. */
  public static final int MAX_STRING = 256;

  private static final Set<String> REQUEST_FIELDS =
      Set.of("action", "jurisdiction", "service", "actor", "target", "content", "at");
  private static final Set<String> SERVICE_FIELDS = Set.of("category", "lawfulBasis");
  private static final Set<String> PARTY_FIELDS =
      Set.of(
          "accountId",
          "country",
          "birthDate",
          "timeZone",
          "ageSignals",
          "identifiers",
          "connected",
          "parentalConsent");
  private static final Set<String> ACCOUNT_FIELDS =
      Set.of("country", "birthDate", "timeZone", "ageSignals", "connections", "parentalConsent");
  private static final Set<String> SIGNAL_FIELDS =
      Set.of(
          "source", "method", "birthDate", "minAge", "maxAge", "confidence", "level", "observedAt");

  private DecideJson() {}

  /** Reads a decide request body. */
  public static DecideRequest readRequest(JsonNode root) {
    object(root, "");
    onlyKnown(root, REQUEST_FIELDS, "");
    AccountAction action;
    try {
      action = AccountAction.fromWire(requiredText(root, "action", "action"));
    } catch (InvalidFieldException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("action", e.getMessage());
    }
    String jurisdiction = optionalText(root.get("jurisdiction"), "jurisdiction");
    ServiceCategory service = null;
    LawfulBasis lawfulBasis = null;
    JsonNode serviceNode = root.get("service");
    if (serviceNode != null && !serviceNode.isNull()) {
      object(serviceNode, "service");
      onlyKnown(serviceNode, SERVICE_FIELDS, "service.");
      String category = requiredText(serviceNode, "category", "service.category");
      try {
        service = ServiceCategory.fromWire(category);
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("service.category", e.getMessage());
      }
      String basis = optionalText(serviceNode.get("lawfulBasis"), "service.lawfulBasis");
      if (basis != null) {
        try {
          lawfulBasis = LawfulBasis.fromWire(basis);
        } catch (IllegalArgumentException e) {
          throw new InvalidFieldException("service.lawfulBasis", e.getMessage());
        }
      }
    }
    JsonNode actorNode = root.get("actor");
    if (actorNode == null || actorNode.isNull()) {
      throw new InvalidFieldException("actor", "is required");
    }
    PartyInput actor = party(actorNode, "actor");
    JsonNode targetNode = root.get("target");
    PartyInput target =
        targetNode == null || targetNode.isNull() ? null : party(targetNode, "target");
    ContentRating rating = null;
    JsonNode contentNode = root.get("content");
    if (contentNode != null && !contentNode.isNull()) {
      object(contentNode, "content");
      onlyKnown(contentNode, Set.of("rating"), "content.");
      try {
        rating = ContentRating.fromWire(requiredText(contentNode, "rating", "content.rating"));
      } catch (InvalidFieldException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("content.rating", e.getMessage());
      }
    }
    Instant at = instant(root.get("at"), "at");
    return new DecideRequest(action, jurisdiction, service, actor, target, rating, at, lawfulBasis);
  }

  /** Reads a {@code PUT /v1/accounts/{id}} body. */
  public static Account readAccount(String id, JsonNode root, Instant now) {
    if (id == null || id.isBlank() || id.length() > MAX_STRING) {
      throw new InvalidFieldException("id", "must be 1 to " + MAX_STRING + " characters");
    }
    object(root, "");
    onlyKnown(root, ACCOUNT_FIELDS, "");
    Set<String> connections = new LinkedHashSet<>();
    JsonNode connectionsNode = root.get("connections");
    if (connectionsNode != null && !connectionsNode.isNull()) {
      if (!connectionsNode.isArray()) {
        throw new InvalidFieldException("connections", "must be an array of account ids");
      }
      if (connectionsNode.size() > MAX_CONNECTIONS) {
        throw new InvalidFieldException("connections", "at most " + MAX_CONNECTIONS + " entries");
      }
      for (int i = 0; i < connectionsNode.size(); i++) {
        String connection = optionalText(connectionsNode.get(i), "connections[" + i + "]");
        if (connection == null || connection.isEmpty()) {
          throw new InvalidFieldException("connections[" + i + "]", "must be an account id");
        }
        connections.add(connection);
      }
    }
    LocalDate birthDate = date(root.get("birthDate"), "birthDate");
    if (birthDate != null
        && now != null
        && birthDate.isAfter(LocalDate.ofInstant(now, ZoneId.of("UTC")).plusDays(1))) {
      throw new InvalidFieldException("birthDate", "is in the future");
    }
    return new Account(
        id,
        country(root.get("country"), "country"),
        birthDate,
        zone(root.get("timeZone"), "timeZone"),
        signals(root.get("ageSignals"), "ageSignals", now),
        connections,
        bool(root.get("parentalConsent"), "parentalConsent", false),
        now);
  }

  /** Writes an account as {@code GET /v1/accounts/{id}} returns it. */
  public static ObjectNode writeAccount(Account account) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("id", account.id());
    if (account.country() != null) {
      node.put("country", account.country());
    }
    if (account.birthDate() != null) {
      node.put("birthDate", account.birthDate().toString());
    }
    if (account.timeZone() != null) {
      node.put("timeZone", account.timeZone().getId());
    }
    node.set("ageSignals", Json.MAPPER.valueToTree(account.ageSignals()));
    ArrayNode connections = node.putArray("connections");
    account.connections().stream().sorted().forEach(connections::add);
    node.put("parentalConsent", account.parentalConsent());
    if (account.updatedAt() != null) {
      node.put("updatedAt", account.updatedAt().toString());
    }
    return node;
  }

  /** Signals as JSON text, for storage. */
  public static String writeSignals(List<AgeSignal> signals) {
    try {
      return Json.MAPPER.writeValueAsString(signals);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("age signals are always serialisable", e);
    }
  }

  /** Signals from JSON text written by {@link #writeSignals}. */
  public static List<AgeSignal> readSignals(String json) {
    try {
      return signals(Json.MAPPER.readTree(json), "ageSignals", null);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored age signals are not JSON", e);
    }
  }

  private static PartyInput party(JsonNode node, String path) {
    object(node, path);
    onlyKnown(node, PARTY_FIELDS, path + ".");
    String accountId = optionalText(node.get("accountId"), path + ".accountId");
    Map<String, String> identifiers = new LinkedHashMap<>();
    JsonNode identifiersNode = node.get("identifiers");
    if (identifiersNode != null && !identifiersNode.isNull()) {
      object(identifiersNode, path + ".identifiers");
      if (identifiersNode.size() > MAX_IDENTIFIERS) {
        throw new InvalidFieldException(
            path + ".identifiers", "at most " + MAX_IDENTIFIERS + " identifiers");
      }
      for (Map.Entry<String, JsonNode> entry : identifiersNode.properties()) {
        String field = path + ".identifiers." + entry.getKey();
        String value = optionalText(entry.getValue(), field);
        if (value == null) {
          throw new InvalidFieldException(field, "must be a string");
        }
        identifiers.put(entry.getKey(), value);
      }
    }
    JsonNode connectedNode = node.get("connected");
    Boolean connected = null;
    if (connectedNode != null && !connectedNode.isNull()) {
      connected = bool(connectedNode, path + ".connected", false);
    }
    JsonNode consentNode = node.get("parentalConsent");
    Boolean consent = null;
    if (consentNode != null && !consentNode.isNull()) {
      consent = bool(consentNode, path + ".parentalConsent", false);
    }
    return new PartyInput(
        accountId,
        country(node.get("country"), path + ".country"),
        date(node.get("birthDate"), path + ".birthDate"),
        zone(node.get("timeZone"), path + ".timeZone"),
        signals(node.get("ageSignals"), path + ".ageSignals", null),
        identifiers,
        connected,
        consent);
  }

  private static List<AgeSignal> signals(JsonNode node, String path, Instant observedDefault) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidFieldException(path, "must be an array");
    }
    if (node.size() > MAX_SIGNALS) {
      throw new InvalidFieldException(path, "at most " + MAX_SIGNALS + " signals");
    }
    List<AgeSignal> signals = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      signals.add(signal(node.get(i), path + "[" + i + "]", observedDefault));
    }
    return signals;
  }

  private static AgeSignal signal(JsonNode node, String path, Instant observedDefault) {
    object(node, path);
    onlyKnown(node, SIGNAL_FIELDS, path + ".");
    SignalSource source;
    try {
      source = SignalSource.fromWire(requiredText(node, "source", path + ".source"));
    } catch (InvalidFieldException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(path + ".source", e.getMessage());
    }
    AssuranceLevel level = null;
    String levelText = optionalText(node.get("level"), path + ".level");
    if (levelText != null) {
      try {
        level = AssuranceLevel.fromWire(levelText);
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException(path + ".level", e.getMessage());
      }
    }
    Integer minAge = integer(node.get("minAge"), path + ".minAge");
    Integer maxAge = integer(node.get("maxAge"), path + ".maxAge");
    Double confidence = null;
    JsonNode confidenceNode = node.get("confidence");
    if (confidenceNode != null && !confidenceNode.isNull()) {
      if (!confidenceNode.isNumber()) {
        throw new InvalidFieldException(path + ".confidence", "must be a number in [0, 1]");
      }
      confidence = confidenceNode.doubleValue();
    }
    Instant observedAt = instant(node.get("observedAt"), path + ".observedAt");
    if (observedAt == null && minAge != null) {
      // A registered range is pinned to when it was registered, so it ages with the person.
      observedAt = observedDefault;
    }
    try {
      return new AgeSignal(
          source,
          optionalText(node.get("method"), path + ".method"),
          date(node.get("birthDate"), path + ".birthDate"),
          minAge,
          maxAge,
          confidence,
          level,
          observedAt);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(path, e.getMessage());
    }
  }

  private static void object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new InvalidFieldException(path.isEmpty() ? "body" : path, "must be a JSON object");
    }
  }

  private static void onlyKnown(JsonNode node, Set<String> known, String prefix) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new InvalidFieldException(prefix + name, "unknown field");
      }
    }
  }

  private static String requiredText(JsonNode parent, String name, String path) {
    String value = optionalText(parent.get(name), path);
    if (value == null || value.isEmpty()) {
      throw new InvalidFieldException(path, "is required");
    }
    return value;
  }

  private static String optionalText(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidFieldException(path, "must be a string");
    }
    String value = node.textValue();
    if (value.length() > MAX_STRING) {
      throw new InvalidFieldException(path, "longer than " + MAX_STRING + " characters");
    }
    return value;
  }

  private static String country(JsonNode node, String path) {
    String value = optionalText(node, path);
    if (value != null && !value.matches("[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?")) {
      throw new InvalidFieldException(
          path, "must be a country code (FR) or an ISO 3166-2 subdivision code (US-FL)");
    }
    return value;
  }

  private static Integer integer(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new InvalidFieldException(path, "must be a whole number");
    }
    return node.intValue();
  }

  private static boolean bool(JsonNode node, String path, boolean absent) {
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isBoolean()) {
      throw new InvalidFieldException(path, "must be true or false");
    }
    return node.booleanValue();
  }

  private static LocalDate date(JsonNode node, String path) {
    String text = optionalText(node, path);
    if (text == null) {
      return null;
    }
    try {
      LocalDate date = plainDate(text);
      if (date == null) {
        date = LocalDate.parse(text);
      }
      if (date.getYear() < 1850 || date.getYear() > 2200) {
        throw new InvalidFieldException(path, "year out of range: " + text);
      }
      return date;
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(path, "not a date (YYYY-MM-DD): " + text);
    }
  }

  /**
   * {@code text} as a date when it is exactly {@code YYYY-MM-DD} and a valid day, else null (then
   * {@link LocalDate#parse} decides, and refuses it with its own message): what {@code
   * LocalDate.parse} gives for such text, without the formatter's general machinery (a third of
   * reading a decide request). {@code DecideJsonTest} compares the two.
   */
  static LocalDate plainDate(String text) {
    if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    if (year < 0 || month < 1 || month > 12 || day < 1) {
      return null;
    }
    if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    return LocalDate.of(year, month, day);
  }

  /** The decimal number of text[from, to), or -1 if a character is not an ASCII digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static Instant instant(JsonNode node, String path) {
    String text = optionalText(node, path);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(path, "not a timestamp (e.g. 2026-11-23T10:00:00Z): " + text);
    }
  }

  private static ZoneId zone(JsonNode node, String path) {
    String text = optionalText(node, path);
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new InvalidFieldException(path, "not a time zone (e.g. Australia/Sydney): " + text);
    }
  }
}
