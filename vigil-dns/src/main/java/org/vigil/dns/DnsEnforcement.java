package org.vigil.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.CourtOrderRegistry;
import org.vigil.core.courtorders.RestrictedClients;
import org.vigil.core.courtorders.RestrictedClientsFeed;
import org.vigil.core.jobs.PeriodicJob;
import org.xbill.DNS.Name;

/**
 * {@code vigil dns serve} assembled: the zone server (and optionally the enforcing resolver) on one
 * address, the resolver bindings kept in step with the registry, NOTIFY on every zone change.
 *
 * <p>Bindings are regenerated when the registry reports a change (order created or revoked, a
 * line's address moved), at the next order start or end the registry announces, and every {@code
 * bindingsInterval} as a safety net; each regeneration that changes the files runs the resolver's
 * reload command and is recorded in the covered orders' history.
 *
 * <p>The safety net is a {@link PeriodicJob} ({@link #jobs}) that the caller runs on the process's
 * one scheduler (vigil-app's {@code JobScheduler}), like every other periodic job. What stays here
 * is not periodic: a regeneration triggered by a registry event, and one timer set for the next
 * order start or end, re-armed after every regeneration. Both run on one thread of their own so an
 * event never waits behind another process's periodic job and the next transition is met to the
 * millisecond; regenerations themselves are serialised by a lock, whichever thread runs them.
 */
public final class DnsEnforcement implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DnsEnforcement.class);

  /**
   * Where and how the served resolver's bindings are written.
   *
   * @param kind which resolver
   * @param directory where the generated files go
   * @param reloadCommand run after each change; empty for none
   * @param resolver where the resolver listens, for NOTIFY; null for none
   * @param zoneFilePrefix where the resolver keeps its zone copies
   * @param viewInclude BIND: the provider's zones, included in every view
   */
  public record Bindings(
      ResolverBindings.Kind kind,
      Path directory,
      List<String> reloadCommand,
      InetSocketAddress resolver,
      String zoneFilePrefix,
      Optional<String> viewInclude) {}

  /**
   * The server's settings.
   *
   * @param listen address and port to serve on (port 0 for any free port)
   * @param advertised the address resolvers use to reach this server, or null for {@code listen}
   * @param masterKey TSIG key for transfers (null: only unsigned transfers from the allowed list)
   * @param upstream when present, also act as the enforcing resolver, forwarding here
   * @param clientRefresh how often the resolver re-reads the restricted clients
   * @param bindingsInterval safety-net regeneration period; zero for events only
   */
  public record Config(
      InetSocketAddress listen,
      InetSocketAddress advertised,
      RpzSettings settings,
      TsigKey masterKey,
      List<ClientPrefix> unsignedTransfer,
      Optional<InetSocketAddress> upstream,
      Duration clientRefresh,
      Optional<Bindings> bindings,
      List<InetSocketAddress> extraNotify,
      Duration bindingsInterval,
      int threads) {}

  private final PublishedZones zones;
  private final DnsServer server;
  private final NotifySender notifier;
  private final BindingsUpdater updater;
  private final List<InetSocketAddress> extraNotify;
  private final EnforcingResolver resolver;
  private final RestrictedClients clients;
  private final Clock clock;
  private final String resolverLabel;
  private final Duration bindingsInterval;
  private final Object regenerating = new Object();
  // Events and the next-transition timer only (see the class comment); periodic work is a job.
  private final ScheduledExecutorService events =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vigil-dns-bindings");
            t.setDaemon(true);
            return t;
          });
  private ScheduledFuture<?> nextTransition;

  private DnsEnforcement(
      PublishedZones zones,
      DnsServer server,
      NotifySender notifier,
      BindingsUpdater updater,
      Config config,
      EnforcingResolver resolver,
      RestrictedClients clients,
      Clock clock) {
    this.zones = zones;
    this.server = server;
    this.notifier = notifier;
    this.updater = updater;
    this.extraNotify = List.copyOf(config.extraNotify());
    this.resolver = resolver;
    this.clients = clients;
    this.clock = clock;
    this.bindingsInterval = config.bindingsInterval();
    this.resolverLabel =
        config
            .bindings()
            .map(
                b ->
                    b.kind().name().toLowerCase(Locale.ROOT)
                        + (b.resolver() == null ? "" : " " + b.resolver()))
            .orElse("vigil resolver");
  }

  /** Publishes {@code catalogue}, starts serving, writes the first bindings. */
  public static DnsEnforcement start(
      Config config, ServiceCatalogue catalogue, RestrictedClients clients, Clock clock)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clients, "clients");
    PublishedZones zones = new PublishedZones(config.settings(), new ZoneSerials(clock));
    zones.publish(catalogue);
    EnforcingResolver resolver =
        config.upstream().isPresent()
            ? new EnforcingResolver(
                zones, clients, clock, config.clientRefresh(), config.upstream().get())
            : null;
    TransferPolicy transfers = new TransferPolicy(config.masterKey(), config.unsignedTransfer());
    DnsServer server =
        DnsServer.start(
            config.listen(), new ZoneRequestHandler(zones, transfers, resolver), config.threads());
    InetSocketAddress advertised =
        config.advertised() != null
            ? config.advertised()
            : new InetSocketAddress(config.listen().getAddress(), server.port());
    NotifySender notifier = new NotifySender(config.listen().getAddress());
    BindingsUpdater updater = null;
    if (config.bindings().isPresent()) {
      Bindings b = config.bindings().get();
      BindingContext context =
          new BindingContext(
              advertised,
              config.settings(),
              config.masterKey(),
              b.zoneFilePrefix(),
              b.viewInclude());
      updater =
          new BindingsUpdater(
              b.kind().bindings(context),
              clients,
              clock,
              b.directory(),
              b.reloadCommand(),
              b.resolver());
    }
    DnsEnforcement enforcement =
        new DnsEnforcement(zones, server, notifier, updater, config, resolver, clients, clock);
    zones.onChange((category, published) -> enforcement.sendNotify(category));
    if (updater != null) {
      enforcement.followRegistry();
    }
    return enforcement;
  }

  /**
   * The periodic work to run on the process's scheduler: the bindings' safety-net regeneration
   * every {@code bindingsInterval} ({@code dns-bindings-refresh}); none without bindings or with a
   * zero interval.
   */
  public List<PeriodicJob> jobs() {
    if (updater == null || bindingsInterval.isZero()) {
      return List.of();
    }
    return List.of(PeriodicJob.of("dns-bindings-refresh", bindingsInterval, this::refreshBindings));
  }

  /**
   * Serves a new catalogue; changed zones get new serials and NOTIFY goes out.
   *
   * @return the categories whose zone changed
   */
  public List<ServiceCategory> publish(ServiceCatalogue catalogue) {
    return zones.publish(catalogue);
  }

  /** Regenerates the bindings now; true when they changed. */
  public boolean refreshBindings() {
    if (updater == null) {
      return false;
    }
    synchronized (regenerating) {
      return regenerate();
    }
  }

  private boolean regenerate() {
    boolean changed = updater.refresh();
    if (changed && clients instanceof CourtOrderRegistry registry) {
      // The order's compliance report shows when its restriction reached the resolver.
      List<String> orderIds = new ArrayList<>();
      for (RestrictedClientIndex.Entry entry : updater.current().entries()) {
        for (String id : entry.orderIds()) {
          if (!orderIds.contains(id)) {
            orderIds.add(id);
          }
        }
      }
      registry.recordDnsBindingRegeneration(resolverLabel, orderIds);
    }
    scheduleNextTransition();
    return changed;
  }

  private void followRegistry() {
    if (clients instanceof RestrictedClientsFeed feed) {
      feed.addChangeListener(() -> events.execute(this::refreshSafely));
    }
    refreshSafely();
  }

  private void scheduleNextTransition() {
    if (!(clients instanceof RestrictedClientsFeed feed)) {
      return;
    }
    Instant now = clock.instant();
    Optional<Instant> next = feed.nextTransitionAfter(now);
    if (next.isEmpty()) {
      return;
    }
    long delay = Duration.between(now, next.get()).toMillis() + 1;
    synchronized (this) {
      if (nextTransition != null) {
        nextTransition.cancel(false);
      }
      // A two-year order's end is re-checked daily in between: the clock may be adjusted.
      nextTransition =
          events.schedule(
              this::refreshSafely,
              Math.max(1, Math.min(delay, TimeUnit.DAYS.toMillis(1))),
              TimeUnit.MILLISECONDS);
    }
  }

  private void refreshSafely() {
    try {
      refreshBindings();
    } catch (RuntimeException e) {
      LOG.error("bindings refresh failed: {}", e.toString());
    }
  }

  /** The published zones. */
  public PublishedZones zones() {
    return zones;
  }

  /** The port served on. */
  public int port() {
    return server.port();
  }

  /** The enforcing resolver, when running with --resolve. */
  public Optional<EnforcingResolver> resolver() {
    return Optional.ofNullable(resolver);
  }

  private void sendNotify(ServiceCategory category) {
    Name zone = CategoryZones.zoneName(category, zones.settings());
    if (updater != null) {
      for (ResolverBindings.NotifyTarget target : updater.notifyTargets(category)) {
        notifier.notifyLater(zone, target.address(), target.key());
      }
    }
    for (InetSocketAddress target : extraNotify) {
      notifier.notifyLater(zone, target, null);
    }
  }

  @Override
  public void close() {
    events.shutdownNow();
    notifier.close();
    server.close();
  }
}
