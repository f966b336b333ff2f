package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.intake.ContentRating;

/**
 * Reads a rule set from YAML (or JSON). The format is documented in docs/minors.md and the bundled
 * {@code minors/rules.yaml}. Every problem is reported with the path of the offending entry;
 * unknown keys are errors (a misspelt key in a legal rule must not be silently ignored).
 *
 * <p>Inheritance: a jurisdiction may name a parent ({@code inherits: EU}); it then starts from the
 * parent's rules, content ratings, protections and adult age, may drop inherited rules by id
 * ({@code replaces}) and adds its own. The {@code defaults} block applies to every jurisdiction.
 */
public final class RuleSetLoader {

  /** The rule set bundled with Vigil. */
  public static final String BUNDLED = "minors/rules.yaml";

  // The one YAML configuration, read leniently in one respect: a content rating takes one rule or
  // the list of rules that replaced each other.
  private static final ObjectReader YAML =
      org.vigil.core.json.Json.YAML
          .readerFor(FileDto.class)
          .with(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

  private RuleSetLoader() {}

  /** Loads the rule set bundled in vigil-core. */
  public static RuleSet bundled() {
    try (InputStream in = RuleSetLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED + " is missing from the classpath");
      }
      return load(in, BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads an operator's rule file. */
  public static RuleSet load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString());
    } catch (IOException e) {
      throw new RuleSetException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and validates a rule set.
   *
   * @throws RuleSetException naming the file and the path of the first problem
   */
  public static RuleSet load(InputStream in, String name) {
    FileDto file;
    try {
      file = YAML.readValue(in);
    } catch (IOException e) {
      throw new RuleSetException(name + ": " + firstLine(e.getMessage()), e);
    }
    if (file == null) {
      throw new RuleSetException(name + ": empty rule file", null);
    }
    try {
      return build(file);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new RuleSetException(name + ": " + e.getMessage(), e);
    }
  }

  private static RuleSet build(FileDto file) {
    if (file.defaults == null || file.jurisdictions == null || file.jurisdictions.isEmpty()) {
      throw new IllegalArgumentException("defaults and jurisdictions are required");
    }
    Map<ContentRating, ContentRule> defaultRatings = new EnumMap<>(ContentRating.class);
    putRatings(defaultRatings, file.defaults.contentRatings, "defaults.contentRatings");
    if (defaultRatings.size() != ContentRating.values().length) {
      throw new IllegalArgumentException("defaults.contentRatings must define every rating");
    }
    if (file.defaults.protections == null) {
      throw new IllegalArgumentException("defaults.protections is required");
    }
    ProtectionPolicy defaultProtections =
        protections(file.defaults.protections, "defaults.protections");
    List<MinimumAgeRule> defaultRules = rules(file.defaults.rules, "defaults.rules");
    Set<String> ids = new HashSet<>();
    Map<String, String> origins = new HashMap<>();
    for (MinimumAgeRule rule : defaultRules) {
      requireUnique(ids, rule.id());
      origins.put(rule.id(), "*");
    }
    for (ContentRule rule : defaultRatings.values()) {
      origins.put(rule.id(), "*");
    }
    origins.put(defaultProtections.id(), "*");

    Map<String, Jurisdiction> built = new HashMap<>();
    Set<String> visiting = new HashSet<>();
    for (String code : file.jurisdictions.keySet()) {
      resolve(
          code,
          file,
          built,
          visiting,
          defaultRatings,
          defaultProtections,
          defaultRules,
          ids,
          origins);
    }
    return new RuleSet(
        file.version, file.estimateSafetyMarginYears, built, origins, changelog(file.changelog));
  }

  private static List<RuleSet.ChangelogEntry> changelog(List<ChangelogDto> dtos) {
    List<RuleSet.ChangelogEntry> entries = new ArrayList<>();
    if (dtos != null) {
      Set<String> versions = new HashSet<>();
      for (ChangelogDto dto : dtos) {
        RuleSet.ChangelogEntry entry =
            new RuleSet.ChangelogEntry(dto.version, dto.date, dto.changes);
        if (!versions.add(entry.version())) {
          throw new IllegalArgumentException("changelog: version " + entry.version() + " twice");
        }
        entries.add(entry);
      }
    }
    return entries;
  }

  private static Jurisdiction resolve(
      String code,
      FileDto file,
      Map<String, Jurisdiction> built,
      Set<String> visiting,
      Map<ContentRating, ContentRule> defaultRatings,
      ProtectionPolicy defaultProtections,
      List<MinimumAgeRule> defaultRules,
      Set<String> ids,
      Map<String, String> origins) {
    Jurisdiction done = built.get(code);
    if (done != null) {
      return done;
    }
    String at = "jurisdictions." + code;
    if (!code.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?")) {
      throw new IllegalArgumentException(
          at + ": code must be ISO 3166-1 alpha-2 (FR) or ISO 3166-2 (US-FL), upper case");
    }
    if (!visiting.add(code)) {
      throw new IllegalArgumentException(at + ": inheritance cycle");
    }
    JurisdictionDto dto = file.jurisdictions.get(code);
    if (dto == null || dto.name == null || dto.timeZone == null) {
      throw new IllegalArgumentException(at + ": name and timeZone are required");
    }
    List<MinimumAgeRule> rules = new ArrayList<>();
    Map<ContentRating, ContentRule> ratings = new EnumMap<>(defaultRatings);
    ProtectionPolicy protections = defaultProtections;
    int adultAge = Jurisdiction.MINIMUM_ADULT_AGE;
    if (dto.inherits != null) {
      if (!file.jurisdictions.containsKey(dto.inherits)) {
        throw new IllegalArgumentException(at + ".inherits: unknown jurisdiction " + dto.inherits);
      }
      Jurisdiction parent =
          resolve(
              dto.inherits,
              file,
              built,
              visiting,
              defaultRatings,
              defaultProtections,
              defaultRules,
              ids,
              origins);
      rules.addAll(parent.rules());
      for (ContentRule rule : parent.contentRules()) {
        ratings.put(rule.rating(), rule);
      }
      protections = parent.protections();
      adultAge = parent.adultAge();
    } else {
      rules.addAll(defaultRules);
    }
    if (dto.replaces != null) {
      for (String id : dto.replaces) {
        if (!rules.removeIf(rule -> rule.id().equals(id))) {
          throw new IllegalArgumentException(at + ".replaces: no inherited rule " + id);
        }
      }
    }
    List<MinimumAgeRule> own = rules(dto.rules, at + ".rules");
    for (MinimumAgeRule rule : own) {
      requireUnique(ids, rule.id());
      origins.put(rule.id(), code);
    }
    rules.addAll(own);
    Map<ContentRating, ContentRule> inherited = new EnumMap<>(ratings);
    putRatings(ratings, dto.contentRatings, at + ".contentRatings");
    for (Map.Entry<ContentRating, ContentRule> entry : ratings.entrySet()) {
      for (ContentRule rule = entry.getValue();
          rule != null && rule != inherited.get(entry.getKey());
          rule = rule.fallback()) {
        origins.putIfAbsent(rule.id(), code);
      }
    }
    if (dto.protections != null) {
      protections = protections(dto.protections, at + ".protections");
      origins.putIfAbsent(protections.id(), code);
    }
    if (dto.adultAge != null) {
      adultAge = dto.adultAge;
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(dto.timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(at + ".timeZone: unknown zone " + dto.timeZone, e);
    }
    List<ContentRule> ordered = new ArrayList<>(ratings.values());
    Jurisdiction jurisdiction;
    try {
      jurisdiction = new Jurisdiction(code, dto.name, zone, adultAge, rules, ordered, protections);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
    visiting.remove(code);
    built.put(code, jurisdiction);
    return jurisdiction;
  }

  private static void requireUnique(Set<String> ids, String id) {
    if (!ids.add(id)) {
      throw new IllegalArgumentException("rule id " + id + " is used twice");
    }
  }

  private static List<MinimumAgeRule> rules(List<RuleDto> dtos, String at) {
    List<MinimumAgeRule> rules = new ArrayList<>();
    if (dtos == null) {
      return rules;
    }
    for (int i = 0; i < dtos.size(); i++) {
      RuleDto dto = dtos.get(i);
      String path = at + "[" + i + "]";
      try {
        Set<AccountAction> actions = EnumSet.noneOf(AccountAction.class);
        for (String action : dto.actions == null ? List.of("signup", "login") : dto.actions) {
          actions.add(AccountAction.fromWire(action));
        }
        Set<ServiceCategory> services = EnumSet.noneOf(ServiceCategory.class);
        if (dto.services == null) {
          services = EnumSet.allOf(ServiceCategory.class);
        } else {
          for (String service : dto.services) {
            services.add(ServiceCategory.fromWire(service));
          }
        }
        if (dto.minimumAge == null || dto.below == null || dto.status == null) {
          throw new IllegalArgumentException("minimumAge, below and status are required");
        }
        if (BelowAction.fromWire(dto.below) == BelowAction.INFORM
            && (dto.obligation == null || dto.obligation.isBlank())) {
          throw new IllegalArgumentException("an inform rule must say its obligation");
        }
        rules.add(
            new MinimumAgeRule(
                dto.id,
                actions,
                services,
                dto.minimumAge,
                BelowAction.fromWire(dto.below),
                dto.requiredAssurance == null
                    ? AssuranceLevel.ASSERTED
                    : AssuranceLevel.fromWire(dto.requiredAssurance),
                RuleStatus.fromWire(dto.status),
                dto.effectiveFrom,
                dto.effectiveUntil,
                dto.basis,
                dto.obligation,
                injunctions(dto.enjoined),
                dto.source,
                dto.note,
                provenance(dto.sourceUrls, dto.checked, dto.verified, dto.checkNote)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
      }
    }
    return rules;
  }

  private static List<Injunction> injunctions(List<InjunctionDto> dtos) {
    List<Injunction> injunctions = new ArrayList<>();
    if (dtos != null) {
      for (int i = 0; i < dtos.size(); i++) {
        InjunctionDto dto = dtos.get(i);
        try {
          injunctions.add(new Injunction(dto.from, dto.until, dto.by));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("enjoined[" + i + "]: " + e.getMessage(), e);
        }
      }
    }
    return injunctions;
  }

  /**
   * Each rating takes one rule, or a list in the order the rules took effect; each rule falls back
   * to the one before it (the first to the inherited rule) while it does not apply.
   */
  private static void putRatings(
      Map<ContentRating, ContentRule> into, Map<String, List<RatingDto>> dtos, String at) {
    if (dtos == null) {
      return;
    }
    for (Map.Entry<String, List<RatingDto>> entry : dtos.entrySet()) {
      List<RatingDto> chain = entry.getValue() == null ? List.of() : entry.getValue();
      ContentRating rating;
      try {
        rating = ContentRating.fromWire(entry.getKey());
        if (chain.isEmpty()) {
          throw new IllegalArgumentException("minimumAge is required");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "." + entry.getKey() + ": " + e.getMessage(), e);
      }
      ContentRule previous = into.get(rating);
      for (int i = 0; i < chain.size(); i++) {
        String path = at + "." + entry.getKey() + (chain.size() > 1 ? "[" + i + "]" : "");
        RatingDto dto = chain.get(i);
        try {
          if (dto == null || dto.minimumAge == null) {
            throw new IllegalArgumentException("minimumAge is required");
          }
          previous =
              new ContentRule(
                  dto.rule,
                  rating,
                  dto.minimumAge,
                  dto.requiredAssurance == null
                      ? AssuranceLevel.ASSERTED
                      : AssuranceLevel.fromWire(dto.requiredAssurance),
                  dto.source,
                  dto.status == null ? null : RuleStatus.fromWire(dto.status),
                  dto.effectiveFrom,
                  previous,
                  provenance(dto.sourceUrls, dto.checked, dto.verified, dto.checkNote));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
      }
      into.put(rating, previous);
    }
  }

  private static ProtectionPolicy protections(ProtectionsDto dto, String at) {
    try {
      return new ProtectionPolicy(
          dto.rule,
          dto.status == null ? null : RuleStatus.fromWire(dto.status),
          dto.source,
          provenance(dto.sourceUrls, dto.checked, dto.verified, dto.checkNote));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
  }

  private static Provenance provenance(
      List<String> urls, LocalDate checked, Boolean verified, String checkNote) {
    return new Provenance(urls, checked, verified, checkNote);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable rule file";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  // --- The file format, as Jackson binds it. Fields are public for binding only. ---

  static final class FileDto {
    @JsonProperty(required = true)
    public String version;

    public int estimateSafetyMarginYears = 2;
    public List<ChangelogDto> changelog;
    public DefaultsDto defaults;
    public LinkedHashMap<String, JurisdictionDto> jurisdictions;
  }

  static final class ChangelogDto {
    public String version;
    public LocalDate date;
    public List<String> changes;
  }

  static final class DefaultsDto {
    public ProtectionsDto protections;
    public LinkedHashMap<String, List<RatingDto>> contentRatings;
    public List<RuleDto> rules;
  }

  static final class JurisdictionDto {
    public String name;
    public String timeZone;
    public String inherits;
    public Integer adultAge;
    public List<String> replaces;
    public ProtectionsDto protections;
    public LinkedHashMap<String, List<RatingDto>> contentRatings;
    public List<RuleDto> rules;
  }

  static final class RuleDto {
    public String id;
    public List<String> actions;
    public List<String> services;
    public Integer minimumAge;
    public String below;
    public String requiredAssurance;
    public String status;
    public LocalDate effectiveFrom;
    public LocalDate effectiveUntil;
    public String basis;
    public String obligation;
    public List<InjunctionDto> enjoined;
    public String source;
    public String note;
    public List<String> sourceUrls;
    public LocalDate checked;
    public Boolean verified;
    public String checkNote;
  }

  static final class InjunctionDto {
    public LocalDate from;
    public LocalDate until;
    public String by;
  }

  static final class RatingDto {
    public String rule;
    public Integer minimumAge;
    public String requiredAssurance;
    public String status;
    public LocalDate effectiveFrom;
    public String source;
    public String note;
    public List<String> sourceUrls;
    public LocalDate checked;
    public Boolean verified;
    public String checkNote;
  }

  static final class ProtectionsDto {
    public String rule;
    public String status;
    public String source;
    public List<String> sourceUrls;
    public LocalDate checked;
    public Boolean verified;
    public String checkNote;
  }
}
