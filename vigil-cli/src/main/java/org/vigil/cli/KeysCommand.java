package org.vigil.cli;

import java.util.concurrent.Callable;
import org.vigil.app.VigilApp;
import org.vigil.core.auth.ApiKeyRecord;
import org.vigil.core.auth.ApiKeys;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil keys}: create, list and revoke API keys directly in the store. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage API keys.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vigil keys create --role ROLE}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a key; prints it once.")
  static final class Create implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();

    @Option(
        names = "--role",
        required = true,
        description = "admin, platform, moderator, auditor, specialist or provider")
    String role;

    @Option(names = "--label", description = "What the key is for")
    String label;

    @Option(
        names = "--tenant",
        defaultValue = Principal.DEFAULT_TENANT,
        description =
            "The tenant the key acts for (default: ${DEFAULT-VALUE}); it reads and writes only"
                + " that tenant's accounts, decisions, cases and webhooks.")
    String tenant;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Role parsed;
      try {
        parsed = Role.fromWire(role);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      if (!ApiKeys.TENANT.matcher(tenant).matches()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--tenant: " + ApiKeys.TENANT_RULE + ", got '" + tenant + "'");
      }
      try (VigilApp app = state.open()) {
        ApiKeys.IssuedKey issued = app.keys().create(parsed, label, tenant);
        app.audit()
            .record(
                Principal.local("cli").actor(),
                "key.create",
                "key:" + issued.record().id(),
                java.util.Map.of("role", parsed.wireName(), "tenant", tenant));
        spec.commandLine().getOut().println(issued.secret());
      }
      return 0;
    }
  }

  /** {@code vigil keys list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List keys (never their secrets).")
  static final class ListKeys implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (VigilApp app = state.open()) {
        for (ApiKeyRecord key : app.keyStore().list()) {
          spec.commandLine()
              .getOut()
              .printf(
                  "%s\t%s\t%s\t%s\t%s%n",
                  key.id(),
                  key.role().wireName(),
                  key.isActive() ? "active" : "revoked " + key.revokedAt(),
                  key.label(),
                  key.tenant());
        }
      }
      return 0;
    }
  }

  /** {@code vigil keys revoke ID}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key at once.")
  static final class Revoke implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();

    @Parameters(paramLabel = "ID")
    String id;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (VigilApp app = state.open()) {
        if (!app.keys().revoke(id, app.clock().instant())) {
          spec.commandLine().getErr().println("vigil: no active key '" + id + "'");
          return 1;
        }
        app.audit()
            .record(Principal.local("cli").actor(), "key.revoke", "key:" + id, java.util.Map.of());
        spec.commandLine().getOut().println("revoked " + id);
      }
      return 0;
    }
  }
}
