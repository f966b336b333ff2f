package org.vigil.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.RestrictedClients;

/**
 * {@code vigil dns serve} assembled: the zone server (and optionally the enforcing resolver) on one
 * address, the resolver bindings kept in step with the registry, NOTIFY on every zone change.
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
   * @param bindingsInterval how often bindings are regenerated; zero to do it only on demand
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
  private final ScheduledExecutorService scheduler;
  private final EnforcingResolver resolver;

  private DnsEnforcement(
      PublishedZones zones,
      DnsServer server,
      NotifySender notifier,
      BindingsUpdater updater,
      List<InetSocketAddress> extraNotify,
      ScheduledExecutorService scheduler,
      EnforcingResolver resolver) {
    this.zones = zones;
    this.server = server;
    this.notifier = notifier;
    this.updater = updater;
    this.extraNotify = extraNotify;
    this.scheduler = scheduler;
    this.resolver = resolver;
  }

  /** Publishes {@code catalogue}, starts serving, writes the first bindings. */
  public static DnsEnforcement start(
      Config config, ServiceCatalogue catalogue, RestrictedClients clients, Clock clock)
      throws IOException {
    Objects.requireNonNull(config, "config");
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
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-dns-bindings");
              t.setDaemon(true);
              return t;
            });
    DnsEnforcement enforcement =
        new DnsEnforcement(
            zones,
            server,
            notifier,
            updater,
            List.copyOf(config.extraNotify()),
            scheduler,
            resolver);
    zones.onChange((category, published) -> enforcement.sendNotify(category));
    if (updater != null) {
      updater.refresh();
      if (!config.bindingsInterval().isZero()) {
        BindingsUpdater u = updater;
        long millis = config.bindingsInterval().toMillis();
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                u.refresh();
              } catch (RuntimeException e) {
                LOG.error("bindings refresh failed: {}", e.toString());
              }
            },
            millis,
            millis,
            TimeUnit.MILLISECONDS);
      }
    }
    return enforcement;
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
    return updater.refresh();
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
    org.xbill.DNS.Name zone = CategoryZones.zoneName(category, zones.settings());
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
    scheduler.shutdownNow();
    notifier.close();
    server.close();
  }
}
