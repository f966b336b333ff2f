package org.vigil.core.courtorders;

import java.util.Set;
import org.vigil.core.catalogue.ServiceCategory;

/**
 * A subscriber's current network address that DNS enforcement must restrict, and to which service
 * categories. Produced by the court-order registry from active orders and the line-to-address map.
 *
 * @param address an IPv4 or IPv6 literal (or CIDR prefix) the resolver sees as the client
 * @param categories the categories the covering orders restrict
 * @param orderId the registry's id of a covering order (never a personal identifier)
 */
public record RestrictedClient(String address, Set<ServiceCategory> categories, String orderId) {}
