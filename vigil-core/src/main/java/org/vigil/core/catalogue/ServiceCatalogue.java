package org.vigil.core.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The versioned catalogue of services where minors are present, by category. The bundled copy lives
 * in {@code org/vigil/core/catalogue/services.yaml}; a provider may load its own file of the same
 * format. Every load is validated ({@link CatalogueValidator}): a catalogue with a duplicate or
 * over-broad domain never reaches a resolver.
 */
public final class ServiceCatalogue {
  /** Where the catalogue shipped with Vigil lives on the class path. */
  public static final String BUNDLED_RESOURCE = "/org/vigil/core/catalogue/services.yaml";

  private static final ObjectMapper YAML = org.vigil.core.json.Json.YAML;

  private final String version;
  private final LocalDate date;
  private final List<CatalogueService> services;
  private final List<ChangelogEntry> changelog;
  private final Map<String, CatalogueService> byDomain;
  private final Map<ServiceCategory, SortedSet<String>> domainsByCategory;

  /**
   * One release of the catalogue: what its curators changed and why.
   *
   * @param version the release's version
   * @param date the day it was curated
   * @param changes one line per change, in the curators' words
   */
  public record ChangelogEntry(String version, LocalDate date, List<String> changes) {
    public ChangelogEntry {
      changes = List.copyOf(changes);
    }
  }

  private ServiceCatalogue(
      String version,
      LocalDate date,
      List<CatalogueService> services,
      List<ChangelogEntry> changelog) {
    this.version = version;
    this.date = date;
    this.services = List.copyOf(services);
    this.changelog = List.copyOf(changelog);
    Map<String, CatalogueService> domains = new HashMap<>();
    Map<ServiceCategory, SortedSet<String>> perCategory = new EnumMap<>(ServiceCategory.class);
    for (ServiceCategory category : ServiceCategory.values()) {
      perCategory.put(category, new TreeSet<>());
    }
    for (CatalogueService service : services) {
      for (String domain : service.domains()) {
        domains.put(domain, service);
        for (ServiceCategory category : service.categories()) {
          perCategory.get(category).add(domain);
        }
      }
    }
    this.byDomain = Map.copyOf(domains);
    perCategory.replaceAll((category, set) -> Collections.unmodifiableSortedSet(set));
    this.domainsByCategory = Collections.unmodifiableMap(perCategory);
  }

  /** The catalogue shipped with this build of Vigil. */
  public static ServiceCatalogue bundled() {
    try (InputStream in = ServiceCatalogue.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled catalogue missing: " + BUNDLED_RESOURCE);
      }
      return parse(in, "bundled " + BUNDLED_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads and validates a catalogue file.
   *
   * @throws InvalidCatalogueException naming every problem in the file
   * @throws UncheckedIOException when the file cannot be read
   */
  public static ServiceCatalogue load(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalogue " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses and validates a catalogue in the YAML format of the bundled file.
   *
   * @param origin names the input in error messages
   * @throws InvalidCatalogueException naming every problem found
   */
  public static ServiceCatalogue parse(InputStream in, String origin) throws IOException {
    CatalogueFile file;
    try {
      file = YAML.readValue(in, CatalogueFile.class);
    } catch (JsonProcessingException e) {
      throw new InvalidCatalogueException(origin, List.of(e.getOriginalMessage()));
    }
    if (file == null) {
      throw new InvalidCatalogueException(origin, List.of("the file is empty"));
    }
    List<String> problems = new ArrayList<>();
    LocalDate date = null;
    if (file.date() == null) {
      problems.add("'date' is missing (YYYY-MM-DD)");
    } else {
      try {
        date = LocalDate.parse(file.date());
      } catch (DateTimeParseException e) {
        problems.add("'date' " + file.date() + " is not YYYY-MM-DD");
      }
    }
    if (file.version() == null || file.version().isBlank()) {
      problems.add("'version' is missing");
    }
    List<CatalogueService> services = new ArrayList<>();
    List<ServiceEntry> entries = file.services() == null ? List.of() : file.services();
    for (int i = 0; i < entries.size(); i++) {
      ServiceEntry entry = entries.get(i);
      String label = "service #" + (i + 1) + " (" + entry.id() + ")";
      if (entry.id() == null) {
        problems.add(label + ": 'id' is missing");
        continue;
      }
      List<CatalogueService.Membership> memberships = memberships(entry, label, problems);
      CatalogueService.Closure closed = null;
      if (entry.closed() != null) {
        closed = closure(entry.closed(), label, problems);
      }
      if (!memberships.isEmpty()) {
        services.add(
            new CatalogueService(
                entry.id(),
                entry.name(),
                memberships,
                entry.domains() == null ? List.of() : entry.domains(),
                entry.source(),
                closed));
      }
    }
    List<ChangelogEntry> changelog = new ArrayList<>();
    if (file.changelog() != null) {
      for (ChangelogFileEntry entry : file.changelog()) {
        try {
          changelog.add(
              new ChangelogEntry(
                  entry.version(),
                  LocalDate.parse(entry.date() == null ? "" : entry.date()),
                  entry.changes() == null ? List.of() : entry.changes()));
        } catch (DateTimeParseException e) {
          problems.add("changelog " + entry.version() + ": 'date' is not YYYY-MM-DD");
        }
      }
    }
    problems.addAll(CatalogueValidator.problems(services));
    if (!problems.isEmpty()) {
      throw new InvalidCatalogueException(origin, problems);
    }
    return new ServiceCatalogue(file.version(), date, services, changelog);
  }

  /** A service's categories: the {@code categories} list, or the older single {@code category}. */
  private static List<CatalogueService.Membership> memberships(
      ServiceEntry entry, String label, List<String> problems) {
    List<CatalogueService.Membership> memberships = new ArrayList<>();
    if (entry.categories() != null && entry.category() != null) {
      problems.add(label + ": give either 'category' and 'why' or 'categories', not both");
      return memberships;
    }
    List<MembershipEntry> listed =
        entry.categories() != null
            ? entry.categories()
            : List.of(new MembershipEntry(entry.category(), entry.why()));
    if (entry.categories() != null && entry.why() != null) {
      problems.add(label + ": 'why' belongs inside each of 'categories'");
    }
    for (MembershipEntry member : listed) {
      try {
        memberships.add(
            new CatalogueService.Membership(
                ServiceCategory.fromWire(member.category()), member.why()));
      } catch (IllegalArgumentException e) {
        problems.add(label + ": " + e.getMessage());
      }
    }
    if (listed.isEmpty()) {
      problems.add(label + ": no category");
    }
    return memberships;
  }

  private static CatalogueService.Closure closure(
      ClosedEntry entry, String label, List<String> problems) {
    LocalDate on = null;
    if (entry.on() != null) {
      try {
        on = LocalDate.parse(entry.on());
      } catch (DateTimeParseException e) {
        problems.add(label + ": closed.on " + entry.on() + " is not YYYY-MM-DD");
      }
    }
    if (entry.note() == null || entry.note().isBlank()) {
      problems.add(label + ": closed.note must say where the closure was reported");
    }
    return new CatalogueService.Closure(on, entry.note());
  }

  /** The curators' record of each release, newest first as written in the file. */
  public List<ChangelogEntry> changelog() {
    return changelog;
  }

  /**
   * The curators' version string, e.g. {@code 2026.11.23-1}; appears in every zone's TXT record.
   */
  public String version() {
    return version;
  }

  /** The day this version was curated. */
  public LocalDate date() {
    return date;
  }

  /** Every service, in file order, closed ones included. */
  public List<CatalogueService> services() {
    return services;
  }

  /** The services in one category (among others, possibly), in file order. */
  public List<CatalogueService> servicesIn(ServiceCategory category) {
    List<CatalogueService> result = new ArrayList<>();
    for (CatalogueService service : services) {
      if (service.belongsTo(category)) {
        result.add(service);
      }
    }
    return result;
  }

  /** Every domain of one category, sorted; each covers itself and its subdomains. */
  public SortedSet<String> domainsIn(ServiceCategory category) {
    return domainsByCategory.get(Objects.requireNonNull(category, "category"));
  }

  /**
   * The service a host name belongs to: the service listing the host itself or its closest listed
   * parent domain ({@code m.youtube.com} belongs to the service listing youtube.com).
   */
  public Optional<CatalogueService> serviceForHost(String host) {
    String name = Hostnames.normalise(Objects.requireNonNull(host, "host"));
    while (true) {
      CatalogueService service = byDomain.get(name);
      if (service != null) {
        return Optional.of(service);
      }
      int dot = name.indexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      name = name.substring(dot + 1);
    }
  }

  /** The file's shape; validation happens after binding so every problem is reported at once. */
  private record CatalogueFile(
      String version,
      String date,
      String licence,
      String notes,
      List<ChangelogFileEntry> changelog,
      List<ServiceEntry> services) {}

  private record ChangelogFileEntry(String version, String date, List<String> changes) {}

  private record ServiceEntry(
      String id,
      String name,
      String category,
      List<MembershipEntry> categories,
      List<String> domains,
      String why,
      String source,
      ClosedEntry closed) {}

  private record MembershipEntry(String category, String why) {}

  private record ClosedEntry(String on, String note) {}
}
