package org.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigil.app.VigilApp;
import org.vigil.core.auth.Principal;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderRegistry;
import org.vigil.core.courtorders.CourtOrderStatus;
import org.vigil.core.courtorders.RestrictedClient;
import org.vigil.core.error.VigilException;
import org.vigil.core.json.Json;
import org.vigil.server.api.CourtOrderJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil orders}: the court-order register from the command line, directly on the store. A
 * running server picks the changes up within its sweep interval (10 s).
 */
@Command(
    name = "orders",
    mixinStandardHelpOptions = true,
    description =
        "Court-ordered restrictions: register, list, revoke, report, restricted addresses.",
    subcommands = {
      OrdersCommand.Create.class,
      OrdersCommand.ListOrders.class,
      OrdersCommand.Show.class,
      OrdersCommand.Revoke.class,
      OrdersCommand.Report.class,
      OrdersCommand.Address.class,
      OrdersCommand.Restricted.class
    })
public final class OrdersCommand implements Runnable {

  private static final String ACTOR = Principal.local("cli").actor();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Shared by the subcommands: open the store, run, print refusals as one line (exit 1). */
  abstract static class OrdersTask implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    abstract void run(CourtOrderRegistry registry) throws IOException;

    @Override
    public Integer call() throws IOException {
      try (VigilApp app = state.open()) {
        run(app.courtOrders());
        return 0;
      } catch (VigilException e) {
        spec.commandLine()
            .getErr()
            .println("vigil: " + (e.field() == null ? "" : e.field() + ": ") + e.getMessage());
        return 1;
      }
    }

    void printJson(Object value) throws JsonProcessingException {
      spec.commandLine()
          .getOut()
          .println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }
  }

  /** {@code vigil orders create --file order.json}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Register an order from a JSON file (the body of POST /v1/court-orders).")
  static final class Create extends OrdersTask {
    @Option(
        names = "--file",
        required = true,
        paramLabel = "FILE",
        description = "The order as JSON; - reads standard input.")
    String file;

    @Override
    void run(CourtOrderRegistry registry) throws IOException {
      byte[] json;
      if ("-".equals(file)) {
        InputStream in = System.in;
        json = in.readNBytes(256 * 1024 + 1);
      } else {
        json = Files.readAllBytes(Path.of(file));
      }
      CourtOrderJson.CreateOrder body;
      try {
        body = Json.MAPPER.readValue(json, CourtOrderJson.CreateOrder.class);
      } catch (JsonProcessingException e) {
        throw VigilException.invalid("file", "not a court order: " + e.getOriginalMessage());
      }
      CourtOrder order = registry.create(CourtOrderJson.request(body), ACTOR);
      printJson(CourtOrderJson.view(order, registry.now()));
    }
  }

  /** {@code vigil orders list [--status S]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List orders, newest first: id, status, case, start, end, scope.")
  static final class ListOrders extends OrdersTask {
    @Option(names = "--status", description = "pending, active, expired or revoked")
    CourtOrderStatus status;

    @Override
    void run(CourtOrderRegistry registry) {
      Instant now = registry.now();
      for (CourtOrder order : registry.list(status)) {
        spec.commandLine()
            .getOut()
            .printf(
                "%s\t%s\t%s\t%s\t%s\t%s%n",
                order.id(),
                order.statusAt(now).wireName(),
                order.caseRef(),
                order.startsAt(),
                order.endsAt(),
                String.join(
                    ",", order.scope().stream().sorted().map(ServiceCategory::wireName).toList()));
      }
    }
  }

  /** {@code vigil orders show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "One order as JSON.")
  static final class Show extends OrdersTask {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void run(CourtOrderRegistry registry) throws IOException {
      printJson(CourtOrderJson.view(registry.get(id), registry.now()));
    }
  }

  /** {@code vigil orders revoke ID [--reason TEXT]}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a pending or active order from now on.")
  static final class Revoke extends OrdersTask {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--reason", description = "Why, e.g. the appeal ruling")
    String reason;

    @Override
    void run(CourtOrderRegistry registry) {
      registry.revoke(id, reason, ACTOR);
      spec.commandLine().getOut().println("revoked " + id);
    }
  }

  /** {@code vigil orders report ID}. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "The compliance report for the court, as JSON (audit-logged).")
  static final class Report extends OrdersTask {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws IOException {
      try (VigilApp app = state.open()) {
        var report = app.courtOrders().complianceReport(id);
        app.audit()
            .record(
                ACTOR,
                "court_order.compliance_report",
                CourtOrderRegistry.auditSubject(id),
                Map.of("totalDenials", report.totalDenials()));
        printJson(CourtOrderJson.complianceView(report));
        return 0;
      } catch (VigilException e) {
        spec.commandLine().getErr().println("vigil: " + e.getMessage());
        return 1;
      }
    }

    @Override
    void run(CourtOrderRegistry registry) {
      throw new UnsupportedOperationException("call() does the work");
    }
  }

  /** {@code vigil orders address --line L (--address A | --clear)}. */
  @Command(
      name = "address",
      mixinStandardHelpOptions = true,
      description =
          "Set or clear a subscriber line's address, as RADIUS accounting would"
              + " (POST /v1/subscriber-addresses).")
  static final class Address extends OrdersTask {
    @Option(names = "--line", required = true, paramLabel = "LINE", description = "Line id")
    String line;

    @Option(names = "--address", paramLabel = "ADDRESS", description = "IPv4/IPv6 or prefix")
    String address;

    @Option(names = "--clear", description = "The session ended")
    boolean clear;

    @Override
    void run(CourtOrderRegistry registry) {
      if (clear == (address != null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give exactly one of --address and --clear");
      }
      CourtOrderRegistry.AddressUpdate outcome =
          registry.updateSubscriberAddress(line, clear ? null : address, ACTOR);
      spec.commandLine().getOut().println(outcome.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** {@code vigil orders restricted [--at INSTANT]}. */
  @Command(
      name = "restricted",
      mixinStandardHelpOptions = true,
      description =
          "The client addresses DNS enforcement restricts: address, categories, order id.")
  static final class Restricted extends OrdersTask {
    @Option(names = "--at", paramLabel = "INSTANT", description = "e.g. 2027-01-01T00:00:00Z")
    String at;

    @Override
    void run(CourtOrderRegistry registry) {
      Instant when;
      try {
        when = at == null ? registry.now() : Instant.parse(at);
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--at must be an ISO instant such as 2027-01-01T00:00:00Z");
      }
      for (RestrictedClient client : registry.activeAt(when)) {
        spec.commandLine()
            .getOut()
            .printf(
                "%s\t%s\t%s%n",
                client.address(),
                String.join(
                    ",",
                    client.categories().stream().sorted().map(ServiceCategory::wireName).toList()),
                client.orderId());
      }
    }
  }
}
