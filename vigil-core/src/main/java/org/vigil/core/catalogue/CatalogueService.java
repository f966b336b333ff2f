package org.vigil.core.catalogue;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One service of the catalogue: a named online service, every category that brings it under a court
 * order (most services have several functions: TikTok shares videos, streams live and is a social
 * network), and the DNS names that reach it.
 *
 * @param id stable identifier, lowercase letters, digits and hyphens (e.g. {@code youtube})
 * @param name display name
 * @param memberships the categories it belongs to, each with why; the first is its main one
 * @param domains DNS names; each covers itself and every name below it
 * @param source where the domains and the categories were checked (the service's own page or its
 *     encyclopaedia article); names the service
 * @param closed when the service shut down, or null while it runs; a closed service stays listed so
 *     that orders naming it still read, and its names stay in the zones (they may be taken over)
 */
public record CatalogueService(
    String id,
    String name,
    List<Membership> memberships,
    List<String> domains,
    String source,
    Closure closed) {

  /** One category the service belongs to and why (what minors do there in that capacity). */
  public record Membership(ServiceCategory category, String why) {
    public Membership {
      Objects.requireNonNull(category, "category");
    }
  }

  /**
   * A shut-down service.
   *
   * @param on the last day it ran or the announced closing day, or null when not known
   * @param note where the closure was reported
   */
  public record Closure(LocalDate on, String note) {}

  public CatalogueService {
    Objects.requireNonNull(id, "id");
    memberships = List.copyOf(memberships);
    if (memberships.isEmpty()) {
      throw new IllegalArgumentException(id + ": a service belongs to at least one category");
    }
    domains = List.copyOf(domains);
  }

  /** A service in one category, as catalogues before version 2026.12.05 wrote it. */
  public CatalogueService(
      String id,
      String name,
      ServiceCategory category,
      List<String> domains,
      String why,
      String source) {
    this(id, name, List.of(new Membership(category, why)), domains, source, null);
  }

  /** The main category (the first listed). */
  public ServiceCategory category() {
    return memberships.get(0).category();
  }

  /** Why the service is in its main category. */
  public String why() {
    return memberships.get(0).why();
  }

  /** Every category the service belongs to. */
  public Set<ServiceCategory> categories() {
    Set<ServiceCategory> categories = EnumSet.noneOf(ServiceCategory.class);
    for (Membership membership : memberships) {
      categories.add(membership.category());
    }
    return Collections.unmodifiableSet(categories);
  }

  /** Whether the service is in {@code category}. */
  public boolean belongsTo(ServiceCategory category) {
    for (Membership membership : memberships) {
      if (membership.category() == category) {
        return true;
      }
    }
    return false;
  }

  public boolean isClosed() {
    return closed != null;
  }
}
