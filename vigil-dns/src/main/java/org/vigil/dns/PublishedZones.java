package org.vigil.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * The category zones currently served, one per category. Publishing a catalogue rebuilds them; a
 * zone whose content changed gets a new, larger serial and its listeners are told (that is what
 * sends NOTIFY); an unchanged zone keeps its serial, so secondaries do not transfer for nothing.
 */
public final class PublishedZones {

  /** One served zone: its records in transfer order (SOA first) and its serial. */
  public record Published(ServiceCategory category, Zone zone, List<Record> records, long serial) {}

  private final RpzSettings settings;
  private final ZoneSerials serials;
  private final List<BiConsumer<ServiceCategory, Published>> listeners =
      new CopyOnWriteArrayList<>();
  private volatile Map<ServiceCategory, Published> zones = Map.of();
  private volatile ServiceCatalogue catalogue;

  public PublishedZones(RpzSettings settings, ZoneSerials serials) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.serials = Objects.requireNonNull(serials, "serials");
  }

  /** Called with each zone whose content changed, after it is being served. */
  public void onChange(BiConsumer<ServiceCategory, Published> listener) {
    listeners.add(listener);
  }

  /**
   * Serves the zones of {@code next}.
   *
   * @return the categories whose zone changed
   */
  public List<ServiceCategory> publish(ServiceCatalogue next) {
    Objects.requireNonNull(next, "catalogue");
    List<Map.Entry<ServiceCategory, Published>> changed = new ArrayList<>();
    synchronized (this) {
      Map<ServiceCategory, Published> updated = new EnumMap<>(ServiceCategory.class);
      for (ServiceCategory category : ServiceCategory.values()) {
        Published current = zones.get(category);
        List<Record> candidate = CategoryZones.records(next, category, settings, 0);
        if (current != null && sameContent(current.records(), candidate)) {
          updated.put(category, current);
          continue;
        }
        long serial = serials.next();
        Published published =
            new Published(
                category,
                CategoryZones.zone(next, category, settings, serial),
                CategoryZones.records(next, category, settings, serial),
                serial);
        updated.put(category, published);
        changed.add(Map.entry(category, published));
      }
      this.zones = Collections.unmodifiableMap(updated);
      this.catalogue = next;
    }
    List<ServiceCategory> result = new ArrayList<>();
    for (Map.Entry<ServiceCategory, Published> entry : changed) {
      result.add(entry.getKey());
      for (BiConsumer<ServiceCategory, Published> listener : listeners) {
        listener.accept(entry.getKey(), entry.getValue());
      }
    }
    return result;
  }

  /** The catalogue last published, or null before the first publish. */
  public ServiceCatalogue catalogue() {
    return catalogue;
  }

  public RpzSettings settings() {
    return settings;
  }

  /** The zone named exactly {@code origin}. */
  public Optional<Published> exact(Name origin) {
    for (Published published : zones.values()) {
      if (published.zone().getOrigin().equals(origin)) {
        return Optional.of(published);
      }
    }
    return Optional.empty();
  }

  /** The zone that {@code name} lies in, if any. */
  public Optional<Published> containing(Name name) {
    for (Published published : zones.values()) {
      if (name.subdomain(published.zone().getOrigin())) {
        return Optional.of(published);
      }
    }
    return Optional.empty();
  }

  /** The zone of one category. */
  public Optional<Published> of(ServiceCategory category) {
    return Optional.ofNullable(zones.get(category));
  }

  private static boolean sameContent(List<Record> a, List<Record> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Record x = a.get(i);
      Record y = b.get(i);
      if (x.getType() == Type.SOA && y.getType() == Type.SOA) {
        continue;
      }
      if (!x.equals(y) || x.getTTL() != y.getTTL()) {
        return false;
      }
    }
    return true;
  }
}
