package org.vigil.cli;

import java.util.concurrent.Callable;
import org.vigil.app.VigilApp;
import org.vigil.core.auth.ConsoleUser;
import org.vigil.core.auth.ConsoleUsers;
import org.vigil.core.auth.Principal;
import org.vigil.core.error.VigilException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil users}: people who log in to the moderator console. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Manage console users.",
    subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class})
public final class UsersCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vigil users create --name NAME --role ROLE}: prints a one-time password. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a console user; prints a one-time password, to be replaced at the first login.")
  static final class Create implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();

    @Option(names = "--name", required = true, description = "Login name (a-z, 0-9, . _ -)")
    String name;

    @Option(
        names = "--role",
        required = true,
        description = "moderator, specialist (may view csam media), admin or auditor")
    String role;

    @Option(names = "--tenant", defaultValue = "default", description = "Tenant (default)")
    String tenant;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (VigilApp app = state.open()) {
        ConsoleUsers.Created created =
            app.review().consoleUsers().create(name, role, tenant, Principal.local("cli").actor());
        spec.commandLine().getOut().println(created.password());
        return 0;
      } catch (VigilException e) {
        spec.commandLine().getErr().println("vigil: " + e.getMessage());
        return e.kind() == VigilException.Kind.CONFLICT ? 1 : 2;
      }
    }
  }

  /** {@code vigil users list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List console users.")
  static final class ListUsers implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (VigilApp app = state.open()) {
        for (ConsoleUser user : app.review().consoleUsers().list()) {
          spec.commandLine()
              .getOut()
              .println(
                  user.name()
                      + "\t"
                      + user.role().wireName()
                      + "\t"
                      + user.tenant()
                      + "\t"
                      + (user.disabledAt() != null
                          ? "disabled"
                          : user.mustChangePassword() ? "one-time password" : "active"));
        }
      }
      return 0;
    }
  }
}
