package org.vigil.core.catalogue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Catches the mistakes that would make DNS enforcement block the wrong thing: a domain listed
 * twice, a domain nested under another service's domain (its category would be ambiguous), a
 * malformed name, and above all a public suffix or a shared host (a CDN, a cloud API, a hosting
 * platform) whose blocking would take unrelated sites down with it.
 */
public final class CatalogueValidator {
  private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Set<String> SHARED_HOSTS = loadSharedHosts();

  private CatalogueValidator() {}

  /** Every problem in {@code services}; empty when the catalogue can be published. */
  public static List<String> problems(List<CatalogueService> services) {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Map<String, String> owner = new HashMap<>();
    Set<ServiceCategory> present = EnumSet.noneOf(ServiceCategory.class);
    for (CatalogueService service : services) {
      String id = service.id();
      Set<ServiceCategory> seen = EnumSet.noneOf(ServiceCategory.class);
      for (CatalogueService.Membership membership : service.memberships()) {
        present.add(membership.category());
        if (!seen.add(membership.category())) {
          problems.add(id + ": category " + membership.category().wireName() + " listed twice");
        }
        if (isBlank(membership.why())) {
          problems.add(
              id
                  + ": 'why' is missing for "
                  + membership.category().wireName()
                  + " (say why the service is in that category)");
        }
      }
      if (!ID.matcher(id).matches()) {
        problems.add(id + ": id must be lowercase letters, digits and single hyphens");
      }
      if (!ids.add(id)) {
        problems.add(id + ": id appears more than once");
      }
      if (isBlank(service.name())) {
        problems.add(id + ": 'name' is missing");
      }
      if (service.source() == null || !service.source().startsWith("https://")) {
        problems.add(id + ": 'source' must be an https URL where the facts were checked");
      }
      if (service.domains().isEmpty()) {
        problems.add(id + ": no domains");
      }
      for (String domain : service.domains()) {
        if (!Hostnames.isValid(domain)) {
          problems.add(
              id + ": '" + domain + "' is not a lowercase host name of two or more labels");
          continue;
        }
        String shared = sharedHostCoveredBy(domain);
        if (shared != null) {
          problems.add(
              id
                  + ": '"
                  + domain
                  + "' would also block "
                  + (shared.equals(domain) ? "" : shared + ", ")
                  + "a public suffix or shared host serving unrelated sites");
        }
        String previous = owner.putIfAbsent(domain, id);
        if (previous != null) {
          problems.add(id + ": '" + domain + "' is already listed by " + previous);
        }
      }
    }
    problems.addAll(nestingProblems(owner));
    for (ServiceCategory category : ServiceCategory.values()) {
      if (!present.contains(category) && !services.isEmpty()) {
        problems.add("category " + category.wireName() + " has no service");
      }
    }
    if (services.isEmpty()) {
      problems.add("the catalogue lists no service");
    }
    return problems;
  }

  /** The deny-listed name that {@code domain} equals or lies above, or null. */
  static String sharedHostCoveredBy(String domain) {
    for (String shared : SHARED_HOSTS) {
      if (Hostnames.isAtOrUnder(shared, domain)) {
        return shared;
      }
    }
    return null;
  }

  private static List<String> nestingProblems(Map<String, String> owner) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> entry : owner.entrySet()) {
      String domain = entry.getKey();
      int dot = domain.indexOf('.');
      while (dot >= 0) {
        String parent = domain.substring(dot + 1);
        String parentOwner = owner.get(parent);
        if (parentOwner != null) {
          problems.add(
              entry.getValue()
                  + ": '"
                  + domain
                  + "' is already covered by '"
                  + parent
                  + "' of "
                  + parentOwner);
        }
        dot = domain.indexOf('.', dot + 1);
      }
    }
    problems.sort(null);
    return problems;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static Set<String> loadSharedHosts() {
    Set<String> hosts = new HashSet<>();
    try (InputStream in = CatalogueValidator.class.getResourceAsStream("shared-hosts.txt")) {
      if (in == null) {
        throw new IllegalStateException("shared-hosts.txt missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          hosts.add(trimmed);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(hosts);
  }
}
