package org.vigil.core.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changes between two catalogues, service by service: what a provider sees before publishing a
 * new version to its resolvers (a domain gained by a category restricts it for every subscriber
 * under an order of that category).
 *
 * @param from the older catalogue's version
 * @param to the newer catalogue's version
 * @param changes one entry per changed service, in the newer file's order, removed ones last
 */
public record CatalogueDiff(String from, String to, List<Change> changes) {

  /**
   * The change to one service.
   *
   * @param id the service
   * @param kind {@code added}, {@code removed} or {@code changed}
   * @param addedDomains names it gained (all of them for an added service)
   * @param removedDomains names it lost
   * @param addedCategories categories it joined
   * @param removedCategories categories it left
   * @param closed whether it became closed in the newer catalogue
   * @param reopened whether it was closed and is not any more
   */
  public record Change(
      String id,
      String kind,
      List<String> addedDomains,
      List<String> removedDomains,
      List<String> addedCategories,
      List<String> removedCategories,
      boolean closed,
      boolean reopened) {}

  public CatalogueDiff {
    changes = List.copyOf(changes);
  }

  /** The changes from {@code older} to {@code newer}. */
  public static CatalogueDiff between(ServiceCatalogue older, ServiceCatalogue newer) {
    Objects.requireNonNull(older, "older");
    Objects.requireNonNull(newer, "newer");
    Map<String, CatalogueService> before = byId(older);
    Map<String, CatalogueService> after = byId(newer);
    List<Change> changes = new ArrayList<>();
    for (CatalogueService service : newer.services()) {
      CatalogueService old = before.get(service.id());
      if (old == null) {
        changes.add(
            new Change(
                service.id(),
                "added",
                sorted(service.domains()),
                List.of(),
                wireNames(service.categories()),
                List.of(),
                service.isClosed(),
                false));
        continue;
      }
      List<String> addedDomains = minus(service.domains(), old.domains());
      List<String> removedDomains = minus(old.domains(), service.domains());
      List<String> addedCategories =
          minus(wireNames(service.categories()), wireNames(old.categories()));
      List<String> removedCategories =
          minus(wireNames(old.categories()), wireNames(service.categories()));
      boolean closed = service.isClosed() && !old.isClosed();
      boolean reopened = !service.isClosed() && old.isClosed();
      if (!addedDomains.isEmpty()
          || !removedDomains.isEmpty()
          || !addedCategories.isEmpty()
          || !removedCategories.isEmpty()
          || closed
          || reopened) {
        changes.add(
            new Change(
                service.id(),
                "changed",
                addedDomains,
                removedDomains,
                addedCategories,
                removedCategories,
                closed,
                reopened));
      }
    }
    for (CatalogueService old : older.services()) {
      if (!after.containsKey(old.id())) {
        changes.add(
            new Change(
                old.id(),
                "removed",
                List.of(),
                sorted(old.domains()),
                List.of(),
                wireNames(old.categories()),
                false,
                false));
      }
    }
    return new CatalogueDiff(older.version(), newer.version(), changes);
  }

  /** Whether the two catalogues list the same services, names and categories. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** One line per change, for the command line. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("catalogue " + from + " -> " + to + ": " + changes.size() + " service(s) changed");
    for (Change change : changes) {
      StringBuilder line = new StringBuilder();
      line.append(
              switch (change.kind()) {
                case "added" -> "+ ";
                case "removed" -> "- ";
                default -> "~ ";
              })
          .append(change.id());
      append(line, " categories +", change.addedCategories());
      append(line, " categories -", change.removedCategories());
      append(line, " domains +", change.addedDomains());
      append(line, " domains -", change.removedDomains());
      if (change.closed()) {
        line.append(" closed");
      }
      if (change.reopened()) {
        line.append(" reopened");
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static void append(StringBuilder line, String label, List<String> values) {
    if (!values.isEmpty()) {
      line.append(label).append(String.join(",", values));
    }
  }

  private static Map<String, CatalogueService> byId(ServiceCatalogue catalogue) {
    Map<String, CatalogueService> byId = new LinkedHashMap<>();
    for (CatalogueService service : catalogue.services()) {
      byId.put(service.id(), service);
    }
    return byId;
  }

  private static List<String> wireNames(Set<ServiceCategory> categories) {
    List<String> names = new ArrayList<>();
    for (ServiceCategory category : categories) {
      names.add(category.wireName());
    }
    return sorted(names);
  }

  private static List<String> minus(List<String> a, List<String> b) {
    Set<String> result = new TreeSet<>(a);
    result.removeAll(b);
    return List.copyOf(result);
  }

  private static List<String> sorted(List<String> values) {
    return List.copyOf(new TreeSet<>(values));
  }
}
