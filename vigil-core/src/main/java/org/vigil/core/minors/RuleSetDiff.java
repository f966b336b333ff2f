package org.vigil.core.minors;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a rules update changes: rules added, removed or changed (naming the fields), and the
 * jurisdictions whose decisions may change because of it (including those inheriting a changed
 * rule). {@code vigil rules diff OLD NEW} prints it; the existing-accounts review uses {@link
 * #affectedJurisdictions()} to re-check only the accounts an update can touch.
 *
 * @param from the older rule set's version
 * @param to the newer rule set's version
 * @param changes one entry per rule that differs, sorted by jurisdiction then id
 * @param affectedJurisdictions codes whose rules differ, sorted
 */
public record RuleSetDiff(
    String from, String to, List<Change> changes, Set<String> affectedJurisdictions) {

  /**
   * One rule's change.
   *
   * @param id the rule
   * @param jurisdiction where it is declared (in the newer set, or the older one if removed)
   * @param kind {@code added}, {@code removed} or {@code changed}
   * @param fields the fields that changed ({@code minimumAge}, {@code status}, {@code
   *     effectiveFrom}, ...); empty for added and removed rules
   * @param before the rule before, or null when added
   * @param after the rule after, or null when removed
   */
  public record Change(
      String id,
      String jurisdiction,
      String kind,
      List<String> fields,
      RuleView before,
      RuleView after) {}

  public RuleSetDiff {
    changes = List.copyOf(changes);
    affectedJurisdictions = Set.copyOf(new TreeSet<>(affectedJurisdictions));
  }

  /** The changes from {@code older} to {@code newer}. */
  public static RuleSetDiff between(RuleSet older, RuleSet newer) {
    Objects.requireNonNull(older, "older");
    Objects.requireNonNull(newer, "newer");
    LocalDate any = LocalDate.of(2000, 1, 1); // statusToday is dropped: only written facts compare
    Map<String, RuleView> before = byId(RuleView.list(older, any));
    Map<String, RuleView> after = byId(RuleView.list(newer, any));
    List<Change> changes = new ArrayList<>();
    Set<String> changedIds = new TreeSet<>();
    for (RuleView now : after.values()) {
      RuleView then = before.get(now.id());
      if (then == null) {
        changes.add(new Change(now.id(), now.jurisdiction(), "added", List.of(), null, now));
        changedIds.add(now.id());
      } else if (!then.equals(now)) {
        changes.add(
            new Change(now.id(), now.jurisdiction(), "changed", fields(then, now), then, now));
        changedIds.add(now.id());
      }
    }
    for (RuleView then : before.values()) {
      if (!after.containsKey(then.id())) {
        changes.add(new Change(then.id(), then.jurisdiction(), "removed", List.of(), then, null));
        changedIds.add(then.id());
      }
    }
    changes.sort(
        (a, b) -> {
          int order = a.jurisdiction().compareTo(b.jurisdiction());
          return order != 0 ? order : a.id().compareTo(b.id());
        });
    Set<String> affected = new TreeSet<>();
    collectAffected(older, changedIds, affected);
    collectAffected(newer, changedIds, affected);
    for (String code : older.jurisdictions().keySet()) {
      if (!newer.jurisdictions().containsKey(code)) {
        affected.add(code);
      }
    }
    for (String code : newer.jurisdictions().keySet()) {
      if (!older.jurisdictions().containsKey(code)) {
        affected.add(code);
      }
    }
    return new RuleSetDiff(older.version(), newer.version(), changes, affected);
  }

  public boolean isEmpty() {
    return changes.isEmpty() && affectedJurisdictions.isEmpty();
  }

  /** One line per change, for the command line. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "rules "
            + from
            + " -> "
            + to
            + ": "
            + changes.size()
            + " rule(s) changed; jurisdictions affected: "
            + (affectedJurisdictions.isEmpty()
                ? "none"
                : String.join(",", new TreeSet<>(affectedJurisdictions))));
    for (Change change : changes) {
      String mark =
          switch (change.kind()) {
            case "added" -> "+ ";
            case "removed" -> "- ";
            default -> "~ ";
          };
      RuleView shown = change.after() != null ? change.after() : change.before();
      StringBuilder line =
          new StringBuilder(mark)
              .append(change.jurisdiction())
              .append(' ')
              .append(change.id())
              .append(" (")
              .append(shown.status() == null ? "default" : shown.status());
      if (shown.effectiveFrom() != null) {
        line.append(" from ").append(shown.effectiveFrom());
      }
      line.append(')');
      for (String field : change.fields()) {
        if (field.equals("source")
            || field.equals("note")
            || field.equals("sourceUrls")
            || field.equals("checkNote")) {
          line.append(' ').append(field).append(" reworded");
          continue;
        }
        line.append(' ')
            .append(field)
            .append(": ")
            .append(value(change.before(), field))
            .append(" -> ")
            .append(value(change.after(), field));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static void collectAffected(RuleSet rules, Set<String> ids, Set<String> into) {
    for (Jurisdiction jurisdiction : rules.jurisdictions().values()) {
      boolean touched = false;
      for (MinimumAgeRule rule : jurisdiction.rules()) {
        touched |= ids.contains(rule.id());
      }
      for (ContentRule head : jurisdiction.contentRules()) {
        for (ContentRule rule = head; rule != null; rule = rule.fallback()) {
          touched |= ids.contains(rule.id());
        }
      }
      touched |= ids.contains(jurisdiction.protections().id());
      if (touched) {
        into.add(jurisdiction.code());
      }
    }
  }

  private static Map<String, RuleView> byId(List<RuleView> views) {
    Map<String, RuleView> byId = new LinkedHashMap<>();
    for (RuleView view : views) {
      byId.put(view.id(), view.timeless());
    }
    return byId;
  }

  private static final String[] FIELDS = {
    "jurisdiction",
    "status",
    "effectiveFrom",
    "effectiveUntil",
    "minimumAge",
    "below",
    "contentRating",
    "requiredAssurance",
    "basis",
    "actions",
    "services",
    "injunctions",
    "source",
    "note",
    "sourceUrls",
    "checked",
    "verified",
    "checkNote"
  };

  private static List<String> fields(RuleView a, RuleView b) {
    List<String> changed = new ArrayList<>();
    for (String field : FIELDS) {
      if (!Objects.equals(value(a, field), value(b, field))) {
        changed.add(field);
      }
    }
    return changed;
  }

  private static Object value(RuleView view, String field) {
    if (view == null) {
      return null;
    }
    return switch (field) {
      case "jurisdiction" -> view.jurisdiction();
      case "status" -> view.status();
      case "effectiveFrom" -> view.effectiveFrom();
      case "effectiveUntil" -> view.effectiveUntil();
      case "minimumAge" -> view.minimumAge();
      case "below" -> view.below();
      case "contentRating" -> view.contentRating();
      case "requiredAssurance" -> view.requiredAssurance();
      case "basis" -> view.basis();
      case "actions" -> view.actions();
      case "services" -> view.services();
      case "injunctions" -> view.injunctions();
      case "source" -> view.source();
      case "note" -> view.note();
      case "sourceUrls" -> view.sourceUrls();
      case "checked" -> view.checked();
      case "verified" -> view.verified();
      case "checkNote" -> view.checkNote();
      default -> throw new IllegalArgumentException(field);
    };
  }
}
