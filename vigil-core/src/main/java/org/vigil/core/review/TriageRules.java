package org.vigil.core.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import org.vigil.core.error.VigilException;
import org.vigil.core.json.Json;

/**
 * How notices are triaged, read from configuration ({@code review/triage.yaml} bundled, or an
 * operator's file). Each category starts at a queue and a priority; each aggravating fact raises
 * the priority a step; the deadline is the priority's, but never later than the category's own cap
 * (ncii: 48 hours, from the TAKE IT DOWN Act, which no file may lengthen).
 *
 * @param categories the starting point for each category (all must be present)
 * @param deadlines the time allowed at each priority
 * @param trustedFlaggerRaise steps added when any notice comes from a trusted flagger (Art. 22)
 * @param distinctReportersAtLeast this many distinct reporters raise the priority...
 * @param distinctReportersRaise ...by this many steps
 * @param accountHistoryAtLeast this many earlier restrictions on the target account raise it...
 * @param accountHistoryRaise ...by this many steps
 * @param minorRaise steps added when a minor is involved (by category or by the account's age)
 * @param escalationQueue where a case goes when it passes its deadline
 */
public record TriageRules(
    Map<NoticeCategory, CategoryRule> categories,
    Map<Priority, Duration> deadlines,
    int trustedFlaggerRaise,
    int distinctReportersAtLeast,
    int distinctReportersRaise,
    int accountHistoryAtLeast,
    int accountHistoryRaise,
    int minorRaise,
    String escalationQueue) {

  /** The legal maximum for ncii removal requests (TAKE IT DOWN Act, sec. 3(a)(3)). */
  public static final Duration NCII_MAXIMUM = Duration.ofHours(48);

  /**
   * @param deadlineCap the longest the category may wait whatever its priority, or null
   */
  public record CategoryRule(String queue, Priority priority, Duration deadlineCap) {}

  public TriageRules {
    categories = Map.copyOf(categories);
    deadlines = Map.copyOf(deadlines);
    for (NoticeCategory category : NoticeCategory.values()) {
      if (!categories.containsKey(category)) {
        throw invalid("categories." + category.wireName(), "is missing");
      }
    }
    for (Priority priority : Priority.values()) {
      if (!deadlines.containsKey(priority)) {
        throw invalid("deadlines." + priority.wireName(), "is missing");
      }
    }
    CategoryRule ncii = categories.get(NoticeCategory.NCII);
    if (ncii.deadlineCap() == null || ncii.deadlineCap().compareTo(NCII_MAXIMUM) > 0) {
      throw invalid(
          "categories.ncii.deadline",
          "must be at most PT48H (TAKE IT DOWN Act), got " + ncii.deadlineCap());
    }
    if (escalationQueue == null || escalationQueue.isBlank()) {
      throw invalid("escalation.queue", "is required");
    }
  }

  /** The rules bundled with Vigil. */
  public static TriageRules bundled() {
    try (InputStream in = TriageRules.class.getResourceAsStream("/review/triage.yaml")) {
      if (in == null) {
        throw new IllegalStateException("review/triage.yaml is missing from the classpath");
      }
      return parse(Json.YAML.readTree(in), "review/triage.yaml");
    } catch (IOException e) {
      throw new IllegalStateException("bundled triage rules are unreadable", e);
    }
  }

  /** The rules in {@code file}; a bad file fails with the file and the key named. */
  public static TriageRules load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(Json.YAML.readTree(in), file.toString());
    } catch (IOException e) {
      throw new VigilException(
          VigilException.Kind.INVALID,
          "invalid_triage_rules",
          file + ": cannot read: " + e.getMessage(),
          null);
    }
  }

  static TriageRules parse(JsonNode root, String source) {
    try {
      Map<NoticeCategory, CategoryRule> categories = new EnumMap<>(NoticeCategory.class);
      JsonNode categoryNodes = root.path("categories");
      for (NoticeCategory category : NoticeCategory.values()) {
        JsonNode node = categoryNodes.path(category.wireName());
        String key = "categories." + category.wireName();
        if (node.isMissingNode()) {
          throw invalid(key, "is missing");
        }
        categories.put(
            category,
            new CategoryRule(
                text(node, "queue", key),
                priority(text(node, "priority", key), key + ".priority"),
                node.has("deadline")
                    ? duration(node.get("deadline").asText(), key + ".deadline")
                    : null));
      }
      Map<Priority, Duration> deadlines = new EnumMap<>(Priority.class);
      for (Priority priority : Priority.values()) {
        String key = "deadlines." + priority.wireName();
        JsonNode node = root.path("deadlines").path(priority.wireName());
        if (node.isMissingNode()) {
          throw invalid(key, "is missing");
        }
        deadlines.put(priority, duration(node.asText(), key));
      }
      JsonNode raise = root.path("raise");
      return new TriageRules(
          categories,
          deadlines,
          raise.path("trustedFlagger").asInt(1),
          raise.path("distinctReporters").path("atLeast").asInt(5),
          raise.path("distinctReporters").path("steps").asInt(1),
          raise.path("accountHistory").path("atLeast").asInt(2),
          raise.path("accountHistory").path("steps").asInt(1),
          raise.path("minorInvolved").asInt(1),
          root.path("escalation").path("queue").asText(null));
    } catch (VigilException e) {
      throw new VigilException(
          e.kind(), e.code(), source + ": " + e.field() + " " + e.getMessage(), e.field());
    }
  }

  private static String text(JsonNode node, String name, String key) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw invalid(key + "." + name, "must be a non-empty string");
    }
    return value.asText();
  }

  private static Priority priority(String value, String key) {
    Priority priority = Priority.fromWire(value);
    if (priority == null) {
      throw invalid(key, "must be low, normal, high or urgent, got '" + value + "'");
    }
    return priority;
  }

  private static Duration duration(String value, String key) {
    try {
      Duration duration = Duration.parse(value);
      if (duration.isNegative() || duration.isZero()) {
        throw invalid(key, "must be positive, got " + value);
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw invalid(key, "must be an ISO-8601 duration such as PT48H, got '" + value + "'");
    }
  }

  private static VigilException invalid(String key, String message) {
    return new VigilException(VigilException.Kind.INVALID, "invalid_triage_rules", message, key);
  }
}
