package org.vigil.core.catalogue;

import java.util.List;
import java.util.Objects;

/**
 * One service of the catalogue: a named online service, the category that brings it under a court
 * order, and the DNS names that reach it.
 *
 * @param id stable identifier, lowercase letters, digits and hyphens (e.g. {@code youtube})
 * @param name display name
 * @param category the category a court order names to restrict it
 * @param domains DNS names; each covers itself and every name below it
 * @param why why the service is in its category (what minors do there)
 * @param source where the domains and the category were checked (the service's own page or its
 *     encyclopaedia article)
 */
public record CatalogueService(
    String id,
    String name,
    ServiceCategory category,
    List<String> domains,
    String why,
    String source) {

  public CatalogueService {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    domains = List.copyOf(domains);
  }
}
