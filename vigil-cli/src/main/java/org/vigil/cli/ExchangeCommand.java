package org.vigil.cli;

import java.util.concurrent.Callable;
import org.vigil.app.VigilApp;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeState;
import org.vigil.core.banks.exchanges.Exchanges;
import org.vigil.core.banks.exchanges.FetchOutcome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil exchange}: the hash-list exchanges of a tenant, as {@code GET /v1/exchanges} and
 * {@code POST /v1/exchanges/{name}/fetch} show them. Connecting one is an API call (its secret
 * should not sit in a shell history).
 */
@Command(
    name = "exchange",
    mixinStandardHelpOptions = true,
    description = "Hash-list exchanges: list them with their sync state, fetch one now.",
    subcommands = {ExchangeCommand.ListExchanges.class, ExchangeCommand.Fetch.class})
public final class ExchangeCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Principal operator(String tenant) {
    return new Principal("local-cli", Role.ADMIN, tenant);
  }

  /** {@code vigil exchange list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "One line per exchange: name, type, bank, enabled, last success, total added/removed,"
              + " last error.")
  static final class ListExchanges implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();

    @Option(names = "--tenant", description = "Tenant (default: default).")
    String tenant = Principal.DEFAULT_TENANT;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (VigilApp app = state.open()) {
        for (Exchanges.View view : app.exchanges().exchanges().list(operator(tenant))) {
          ExchangeConfig c = view.config();
          ExchangeState s = view.state();
          spec.commandLine()
              .getOut()
              .printf(
                  "%s\t%s\t%s\t%s\t%s\t+%d/-%d\t%s%n",
                  c.name(),
                  c.type(),
                  c.bank(),
                  c.enabled() ? "enabled" : "disabled",
                  s.lastSuccessAt() == null ? "never" : s.lastSuccessAt(),
                  s.total().added(),
                  s.total().removed(),
                  s.lastError() == null ? "ok" : s.lastError());
        }
      }
      return 0;
    }
  }

  /** {@code vigil exchange fetch NAME}. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = "Fetch now from the stored checkpoint; prints what changed.")
  static final class Fetch implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();

    @Option(names = "--tenant", description = "Tenant (default: default).")
    String tenant = Principal.DEFAULT_TENANT;

    @Parameters(paramLabel = "NAME")
    String name;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (VigilApp app = state.open()) {
        FetchOutcome outcome = app.exchanges().exchanges().fetch(operator(tenant), name);
        String counts =
            String.format(
                "added %d, updated %d, removed %d, skipped %d (%d pages)",
                outcome.counts().added(),
                outcome.counts().updated(),
                outcome.counts().removed(),
                outcome.counts().skipped(),
                outcome.pages());
        if (outcome.failed()) {
          spec.commandLine()
              .getErr()
              .println("vigil: exchange '" + name + "': " + outcome.error() + "; " + counts);
          return 1;
        }
        spec.commandLine().getOut().println(name + ": " + counts);
      }
      return 0;
    }
  }
}
