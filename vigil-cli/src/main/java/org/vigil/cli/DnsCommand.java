package org.vigil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vigil.app.VigilApp;
import org.vigil.core.catalogue.InvalidCatalogueException;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.jobs.PeriodicJob;
import org.vigil.dns.BindingContext;
import org.vigil.dns.BypassEndpoints;
import org.vigil.dns.CategoryZones;
import org.vigil.dns.ClientPrefix;
import org.vigil.dns.DnsEnforcement;
import org.vigil.dns.ResolverBindings;
import org.vigil.dns.RestrictedClientIndex;
import org.vigil.dns.RpzSettings;
import org.vigil.dns.TsigKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil dns ...}: provider enforcement at DNS. Zones per service category, per-resolver
 * bindings for the active court orders, the zone-transfer server (and optional enforcing resolver),
 * the bypass complement list, TSIG key generation.
 */
@Command(
    name = "dns",
    mixinStandardHelpOptions = true,
    description = "Enforce court orders at the provider's DNS resolvers (see docs/dns.md).",
    subcommands = {
      DnsCommand.Zone.class,
      DnsCommand.Bindings.class,
      DnsCommand.Serve.class,
      DnsCommand.Catalogue.class,
      DnsCommand.BypassList.class,
      DnsCommand.Keygen.class
    })
public final class DnsCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by the commands that write zones. */
  static final class ZoneOptions {
    @Option(
        names = "--catalogue",
        paramLabel = "FILE",
        description = "Service catalogue YAML; default: the catalogue bundled with Vigil.")
    Path catalogue;

    @Option(
        names = "--zone-suffix",
        paramLabel = "NAME",
        description = "Parent of the category zones; default rpz.vigil.")
    String suffix;

    @Option(
        names = "--notice-host",
        paramLabel = "HOST",
        description = "Redirect covered names to this host (a notice page) instead of NXDOMAIN.")
    String noticeHost;

    @Option(
        names = "--no-bypass-names",
        description = "Leave the encrypted-DNS, relay and VPN host names out of the zones.")
    boolean noBypassNames;

    ServiceCatalogue catalogue() {
      return catalogue == null ? ServiceCatalogue.bundled() : ServiceCatalogue.load(catalogue);
    }

    RpzSettings settings() {
      RpzSettings settings = RpzSettings.defaults();
      if (suffix != null) {
        settings = settings.withSuffix(suffix);
      }
      if (noticeHost != null) {
        settings = settings.withNoticeHost(noticeHost);
      }
      if (noBypassNames) {
        settings = settings.withoutBypassHosts();
      }
      return settings;
    }
  }

  /** {@code vigil dns zone --category social_network}: one category's zone file. */
  @Command(
      name = "zone",
      mixinStandardHelpOptions = true,
      description = "Print one category's response policy zone in master-file format.")
  static final class Zone implements Callable<Integer> {
    @Mixin ZoneOptions zone = new ZoneOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--category",
        required = true,
        paramLabel = "CATEGORY",
        description =
            "social_network, messaging, video_sharing, gaming_chat, forum or live_streaming.")
    String category;

    @Option(
        names = "--serial",
        paramLabel = "N",
        description = "SOA serial; default: the current time in epoch seconds.")
    Long serial;

    @Override
    public Integer call() {
      ServiceCategory parsed;
      try {
        parsed = ServiceCategory.fromWire(category);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      long soaSerial = serial != null ? serial : Clock.systemUTC().instant().getEpochSecond();
      spec.commandLine()
          .getOut()
          .print(CategoryZones.zoneFile(zone.catalogue(), parsed, zone.settings(), soaSerial));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** Options shared by bindings and serve. */
  static final class BindingOptions {
    @Option(
        names = "--tsig-key-file",
        paramLabel = "FILE",
        description = "BIND-format TSIG key (vigil dns keygen, tsig-keygen) for transfers.")
    Path tsigKeyFile;

    @Option(
        names = "--zone-file-prefix",
        paramLabel = "PREFIX",
        defaultValue = "",
        description =
            "Where the resolver keeps its copies of the zones, e.g. /var/cache/bind/vigil-.")
    String zoneFilePrefix;

    @Option(
        names = "--bind-view-include",
        paramLabel = "FILE",
        description = "BIND: file of your own zones and view options, included in every view.")
    String viewInclude;

    /** The key, or a usage error naming the file when it is not a BIND key clause. */
    TsigKey key(CommandLine.Model.CommandSpec spec) {
      if (tsigKeyFile == null) {
        return null;
      }
      try {
        return TsigKey.read(tsigKeyFile);
      } catch (IllegalArgumentException e) {
        // TsigKey.read already prefixes the file name
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--tsig-key-file " + e.getMessage());
      }
    }
  }

  /** {@code vigil dns bindings --resolver bind}: the per-resolver configuration for now. */
  @Command(
      name = "bindings",
      mixinStandardHelpOptions = true,
      description = "Print the resolver configuration that applies the zones to active orders.")
  static final class Bindings implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @Mixin ZoneOptions zone = new ZoneOptions();
    @Mixin BindingOptions binding = new BindingOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--resolver",
        required = true,
        paramLabel = "KIND",
        description = "bind, unbound or powerdns.")
    String resolver;

    @Option(
        names = "--primary",
        paramLabel = "ADDR:PORT",
        defaultValue = "127.0.0.1:5300",
        description = "Where resolvers reach vigil dns serve; default ${DEFAULT-VALUE}.")
    String primary;

    @Override
    public Integer call() {
      ResolverBindings.Kind kind = parseKind(spec, resolver);
      BindingContext context =
          new BindingContext(
              socketAddress(spec, primary, "--primary"),
              zone.settings(),
              binding.key(spec),
              binding.zoneFilePrefix,
              Optional.ofNullable(binding.viewInclude));
      ResolverBindings generator = bindingsOrUsageError(spec, kind, context);
      RestrictedClientIndex clients;
      try (VigilApp app = state.open()) {
        clients = RestrictedClientIndex.of(app.courtOrders().activeAt(app.clock().instant()));
      }
      Map<String, String> files = generator.files(clients);
      PrintWriter out = spec.commandLine().getOut();
      for (Map.Entry<String, String> file : files.entrySet()) {
        if (files.size() > 1) {
          out.println(
              (kind == ResolverBindings.Kind.POWERDNS ? "-- " : "# ") + "file: " + file.getKey());
        }
        out.print(file.getValue());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code vigil dns serve}: zone transfers, NOTIFY, bindings upkeep, optional resolver. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description =
          "Serve the category zones by AXFR/IXFR (TSIG), send NOTIFY, keep a resolver's bindings"
              + " in step with the court-order registry; with --resolve, also be the resolver.")
  static final class Serve implements Callable<Integer> {
    /** How often orders and addresses written by other processes are picked up. */
    private static final Duration COURT_ORDER_RELOAD = Duration.ofSeconds(5);

    @Mixin StateOptions state = new StateOptions();
    @Mixin ZoneOptions zone = new ZoneOptions();
    @Mixin BindingOptions binding = new BindingOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--listen",
        paramLabel = "ADDR:PORT",
        defaultValue = "127.0.0.1:5300",
        description = "Address for DNS (UDP and TCP); default ${DEFAULT-VALUE}.")
    String listen;

    @Option(
        names = "--advertise",
        paramLabel = "ADDR:PORT",
        description = "Address resolvers use to reach this server; default: --listen.")
    String advertise;

    @Option(
        names = "--allow-unsigned-transfer",
        paramLabel = "CIDR",
        split = ",",
        description = "Networks allowed to transfer without TSIG (Unbound cannot sign).")
    List<String> unsigned = new ArrayList<>();

    @Option(
        names = "--resolve",
        description = "Also answer recursive queries, applying the policy per client address.")
    boolean resolve;

    @Option(
        names = "--upstream",
        paramLabel = "ADDR:PORT",
        defaultValue = "127.0.0.1:53",
        description = "With --resolve: the resolver queries are forwarded to.")
    String upstream;

    @Option(
        names = "--resolver",
        paramLabel = "KIND",
        description = "Keep bindings for this resolver: bind, unbound or powerdns.")
    String resolver;

    @Option(
        names = "--bindings-dir",
        paramLabel = "DIR",
        description = "Where the generated bindings are written (with --resolver).")
    Path bindingsDir;

    @Option(
        names = "--reload-command",
        paramLabel = "CMD",
        description = "Run after each bindings change, e.g. \"rndc reconfig\".")
    String reloadCommand;

    @Option(
        names = "--resolver-address",
        paramLabel = "ADDR:PORT",
        description = "Where the resolver listens, to send it NOTIFY.")
    String resolverAddress;

    @Option(
        names = "--refresh-seconds",
        paramLabel = "N",
        defaultValue = "60",
        description =
            "Safety-net bindings regeneration and catalogue-file check period; default ${DEFAULT-VALUE}.")
    int refreshSeconds;

    @Override
    public Integer call() throws Exception {
      ServiceCatalogue catalogue = zone.catalogue();
      TsigKey key = binding.key(spec);
      List<ClientPrefix> unsignedAllowed = new ArrayList<>();
      for (String cidr : unsigned) {
        unsignedAllowed.add(ClientPrefix.parse(cidr));
      }
      Optional<DnsEnforcement.Bindings> bindings = Optional.empty();
      if (resolver != null) {
        ResolverBindings.Kind kind = parseKind(spec, resolver);
        if (bindingsDir == null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--resolver needs --bindings-dir");
        }
        if (kind != ResolverBindings.Kind.UNBOUND && key == null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), kind.name().toLowerCase() + " bindings need --tsig-key-file");
        }
        bindings =
            Optional.of(
                new DnsEnforcement.Bindings(
                    kind,
                    bindingsDir,
                    reloadCommand == null
                        ? List.of()
                        : Arrays.asList(reloadCommand.trim().split("\\s+")),
                    resolverAddress == null
                        ? null
                        : socketAddress(spec, resolverAddress, "--resolver-address"),
                    binding.zoneFilePrefix,
                    Optional.ofNullable(binding.viewInclude)));
      }
      if (refreshSeconds < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--refresh-seconds must be >= 1");
      }
      DnsEnforcement.Config config =
          new DnsEnforcement.Config(
              socketAddress(spec, listen, "--listen"),
              advertise == null ? null : socketAddress(spec, advertise, "--advertise"),
              zone.settings(),
              key,
              unsignedAllowed,
              resolve ? Optional.of(socketAddress(spec, upstream, "--upstream")) : Optional.empty(),
              Duration.ofSeconds(5),
              bindings,
              List.of(),
              Duration.ofSeconds(refreshSeconds),
              32);
      VigilApp app = state.open();
      DnsEnforcement enforcement =
          DnsEnforcement.start(config, catalogue, app.courtOrders(), app.clock());
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "vigil dns: serving "
              + ServiceCategory.values().length
              + " zones under "
              + config.settings().suffix()
              + " (catalogue "
              + catalogue.version()
              + ") on "
              + listen.replaceAll(":\\d+$", "")
              + ":"
              + enforcement.port()
              + (resolve ? ", resolving via " + upstream : ""));
      out.flush();
      // Every periodic job runs on the process's one scheduler. Orders and addresses are written
      // by the API process (vigil serve): pick its changes up from the shared database; the
      // registry then tells DnsEnforcement, which regenerates.
      app.schedule(
          PeriodicJob.of(
              "court-order-reload", COURT_ORDER_RELOAD, () -> app.courtOrders().reloadIfChanged()));
      for (PeriodicJob job : enforcement.jobs()) {
        app.schedule(job);
      }
      if (zone.catalogue != null) {
        app.schedule(catalogueWatch(zone.catalogue, enforcement, refreshSeconds));
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    app.jobs().close();
                    enforcement.close();
                    app.close();
                    stopped.countDown();
                  }));
      stopped.await();
      return 0;
    }

    /** Republishes the catalogue file when it changes; a broken file is reported and ignored. */
    private static PeriodicJob catalogueWatch(Path file, DnsEnforcement enforcement, int seconds) {
      FileTime[] seen = {lastModified(file)};
      return PeriodicJob.of(
          "dns-catalogue-watch",
          Duration.ofSeconds(seconds),
          () -> {
            FileTime now = lastModified(file);
            if (now == null || now.equals(seen[0])) {
              return;
            }
            seen[0] = now;
            try {
              List<ServiceCategory> changed = enforcement.publish(ServiceCatalogue.load(file));
              System.out.println("vigil dns: catalogue reloaded; changed zones: " + changed);
            } catch (InvalidCatalogueException | java.io.UncheckedIOException e) {
              System.err.println(
                  "vigil dns: catalogue not reloaded, still serving the previous"
                      + " one: "
                      + e.getMessage());
            }
          });
    }

    private static FileTime lastModified(Path file) {
      try {
        return Files.getLastModifiedTime(file);
      } catch (IOException e) {
        return null;
      }
    }
  }

  /** {@code vigil dns catalogue}: validates a catalogue and summarises it. */
  @Command(
      name = "catalogue",
      mixinStandardHelpOptions = true,
      description = "Validate the service catalogue and print its version and size per category.")
  static final class Catalogue implements Callable<Integer> {
    @Mixin ZoneOptions zone = new ZoneOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ServiceCatalogue catalogue;
      try {
        catalogue = zone.catalogue();
      } catch (InvalidCatalogueException e) {
        spec.commandLine().getErr().println("vigil: " + e.getMessage());
        return 1;
      }
      out.println("catalogue " + catalogue.version() + " (" + catalogue.date() + ")");
      for (ServiceCategory category : ServiceCategory.values()) {
        out.printf(
            "  %-15s %3d services %4d domains%n",
            category.wireName(),
            catalogue.servicesIn(category).size(),
            catalogue.domainsIn(category).size());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code vigil dns bypass-list}: endpoints for the firewall and TLS SNI filter. */
  @Command(
      name = "bypass-list",
      mixinStandardHelpOptions = true,
      description =
          "Print encrypted-DNS, relay and VPN endpoints to block for restricted subscribers"
              + " (host names for SNI filtering, or addresses for the firewall).")
  static final class BypassList implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--kind",
        split = ",",
        paramLabel = "KIND",
        description = "encrypted_dns, relay, vpn; default all.")
    List<BypassEndpoints.Kind> kinds = new ArrayList<>();

    @Option(names = "--addresses", description = "Print IP addresses instead of host names.")
    boolean addresses;

    @Override
    public Integer call() {
      BypassEndpoints bypass = BypassEndpoints.bundled();
      PrintWriter out = spec.commandLine().getOut();
      for (String line : addresses ? bypass.addresses(kinds) : bypass.hosts(kinds)) {
        out.println(line);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code vigil dns keygen}: a TSIG key in BIND format, written readable by the owner only. */
  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = "Create a TSIG key (hmac-sha256) for zone transfers, in BIND key format.")
  static final class Keygen implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--name",
        defaultValue = "vigil-rpz",
        paramLabel = "NAME",
        description = "Key name; default ${DEFAULT-VALUE}.")
    String name;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Where to write the key (refuses to overwrite).")
    Path out;

    @Override
    public Integer call() throws IOException {
      if (Files.exists(out)) {
        spec.commandLine().getErr().println("vigil: " + out + " exists; not overwritten");
        return 1;
      }
      TsigKey key = TsigKey.generate(name);
      Files.writeString(
          out, key.bindClause(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      try {
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        spec.commandLine().getErr().println("vigil: restrict access to " + out + " yourself");
      }
      spec.commandLine().getOut().println("TSIG key " + key.name() + " written to " + out);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  static ResolverBindings.Kind parseKind(CommandLine.Model.CommandSpec spec, String name) {
    try {
      return ResolverBindings.Kind.fromName(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  static ResolverBindings bindingsOrUsageError(
      CommandLine.Model.CommandSpec spec, ResolverBindings.Kind kind, BindingContext context) {
    try {
      return kind.bindings(context);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  static InetSocketAddress socketAddress(
      CommandLine.Model.CommandSpec spec, String text, String option) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon < 0) {
        throw new IllegalArgumentException("missing :port");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      ClientPrefix.parse(host); // literal addresses only: no DNS lookup for our own addresses
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range");
      }
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (IllegalArgumentException | UnknownHostException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          option
              + " '"
              + text
              + "' is not ADDRESS:PORT with an IP literal ("
              + e.getMessage()
              + ")");
    }
  }
}
