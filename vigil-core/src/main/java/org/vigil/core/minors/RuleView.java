package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;

/**
 * One rule as a reader sees it: where it is declared, its legal standing (as written and on a given
 * day), its dates, what it asks and its source. Listed by {@code GET /v1/rules} and compared by
 * {@link RuleSetDiff}.
 *
 * @param jurisdiction the code that declares it ({@code *} for the defaults every jurisdiction has)
 * @param kind {@code minimum_age}, {@code content} or {@code protections}
 * @param id the rule's id
 * @param status the status written in the rule file
 * @param statusToday the standing on the listing's day: {@code in_force}, {@code not_yet_in_force}
 *     (in force from a later date), {@code enjoined}, {@code no_longer_in_force} (replaced), or the
 *     written status for bills, guidance and Vigil defaults
 * @param effectiveFrom first day, or null
 * @param effectiveUntil first day it no longer applies, or null
 * @param minimumAge the age
 * @param below {@code deny}, {@code require_parental_consent} or {@code inform}; null for content
 *     and protections
 * @param contentRating the rating a content rule governs, or null
 * @param requiredAssurance the assurance level needed, or null
 * @param basis {@code consent} for digital-consent ages, or null
 * @param actions the actions it governs (minimum-age rules)
 * @param services the service categories it governs (minimum-age rules)
 * @param injunctions the court orders that stopped it
 * @param source the citation
 * @param note Vigil's reading, or null
 * @param sourceUrls the pages the rule was checked against
 * @param checked the day they were read, or null when the file does not say
 * @param verified whether the facts were confirmed against them (false: see checkNote), or null
 *     when the file does not say
 * @param checkNote what the check found or why the rule is unverified, or null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuleView(
    String jurisdiction,
    String kind,
    String id,
    String status,
    String statusToday,
    LocalDate effectiveFrom,
    LocalDate effectiveUntil,
    Integer minimumAge,
    String below,
    String contentRating,
    String requiredAssurance,
    String basis,
    List<String> actions,
    List<String> services,
    List<Injunction> injunctions,
    String source,
    String note,
    List<String> sourceUrls,
    LocalDate checked,
    Boolean verified,
    String checkNote) {

  /** Every rule of {@code rules}, each once under the jurisdiction that declares it. */
  public static List<RuleView> list(RuleSet rules, LocalDate day) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(day, "day");
    Map<String, RuleView> byId = new TreeMap<>();
    for (Jurisdiction jurisdiction : new TreeMap<>(rules.jurisdictions()).values()) {
      for (MinimumAgeRule rule : jurisdiction.rules()) {
        byId.putIfAbsent(rule.id(), of(rules.origins().getOrDefault(rule.id(), "?"), rule, day));
      }
      for (ContentRule head : jurisdiction.contentRules()) {
        for (ContentRule rule = head; rule != null; rule = rule.fallback()) {
          byId.putIfAbsent(rule.id(), of(rules.origins().getOrDefault(rule.id(), "?"), rule, day));
        }
      }
      ProtectionPolicy protections = jurisdiction.protections();
      byId.putIfAbsent(
          protections.id(),
          new RuleView(
              rules.origins().getOrDefault(protections.id(), "?"),
              "protections",
              protections.id(),
              protections.status().wireName(),
              protections.status().wireName(),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              List.of(),
              List.of(),
              List.of(),
              protections.source(),
              null,
              protections.provenance().urls(),
              protections.provenance().checked(),
              protections.provenance().verified(),
              protections.provenance().checkNote()));
    }
    List<RuleView> views = new ArrayList<>(byId.values());
    views.sort(
        (a, b) -> {
          int order = a.jurisdiction().compareTo(b.jurisdiction());
          return order != 0 ? order : a.id().compareTo(b.id());
        });
    return views;
  }

  static RuleView of(String jurisdiction, MinimumAgeRule rule, LocalDate day) {
    List<String> actions = new ArrayList<>();
    for (AccountAction action : AccountAction.values()) {
      if (rule.actions().contains(action)) {
        actions.add(action.wireName());
      }
    }
    List<String> services = new ArrayList<>();
    for (ServiceCategory service : ServiceCategory.values()) {
      if (rule.services().contains(service)) {
        services.add(service.wireName());
      }
    }
    return new RuleView(
        jurisdiction,
        "minimum_age",
        rule.id(),
        rule.status().wireName(),
        statusOn(rule.status(), rule.effectiveFrom(), rule.effectiveUntil(), rule, day),
        rule.effectiveFrom(),
        rule.effectiveUntil(),
        rule.minimumAge(),
        rule.below().wireName(),
        null,
        rule.requiredAssurance().wireName(),
        rule.basis(),
        actions,
        services,
        rule.injunctions(),
        rule.source(),
        rule.note(),
        rule.provenance().urls(),
        rule.provenance().checked(),
        rule.provenance().verified(),
        rule.provenance().checkNote());
  }

  static RuleView of(String jurisdiction, ContentRule rule, LocalDate day) {
    RuleStatus status = rule.status() == null ? RuleStatus.VIGIL_DEFAULT : rule.status();
    boolean vigilDefault = rule.status() == null && rule.effectiveFrom() == null;
    return new RuleView(
        jurisdiction,
        "content",
        rule.id(),
        vigilDefault ? null : status.wireName(),
        vigilDefault ? "always" : statusOn(status, rule.effectiveFrom(), null, null, day),
        rule.effectiveFrom(),
        null,
        rule.minimumAge(),
        null,
        rule.rating().wireName(),
        rule.requiredAssurance().wireName(),
        null,
        List.of(),
        List.of(),
        List.of(),
        rule.source(),
        null,
        rule.provenance().urls(),
        rule.provenance().checked(),
        rule.provenance().verified(),
        rule.provenance().checkNote());
  }

  private static String statusOn(
      RuleStatus status, LocalDate from, LocalDate until, MinimumAgeRule rule, LocalDate day) {
    if (status != RuleStatus.IN_FORCE && status != RuleStatus.ENJOINED) {
      return status.wireName();
    }
    if (from != null && day.isBefore(from)) {
      return status == RuleStatus.ENJOINED ? "enjoined" : "not_yet_in_force";
    }
    if (until != null && !day.isBefore(until)) {
      return "no_longer_in_force";
    }
    if (rule != null && rule.enjoinedOn(day.toEpochDay())) {
      return "enjoined";
    }
    return status == RuleStatus.ENJOINED ? "enjoined" : "in_force";
  }

  /** The same rule without the day-dependent field, for comparing two rule files. */
  RuleView timeless() {
    return new RuleView(
        jurisdiction,
        kind,
        id,
        status,
        null,
        effectiveFrom,
        effectiveUntil,
        minimumAge,
        below,
        contentRating,
        requiredAssurance,
        basis,
        actions,
        services,
        injunctions,
        source,
        note,
        sourceUrls,
        checked,
        verified,
        checkNote);
  }
}
