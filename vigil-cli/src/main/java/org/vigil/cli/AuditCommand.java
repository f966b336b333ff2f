package org.vigil.cli;

import java.util.concurrent.Callable;
import org.vigil.app.VigilApp;
import org.vigil.core.audit.AuditVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil audit verify}: checks the whole hash chain. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Inspect the audit log.",
    subcommands = {AuditCommand.Verify.class})
public final class AuditCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Exit 0 when the chain is intact, 1 at the first broken entry. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Verify the audit hash chain; reports the first broken entry (exit 1).")
  static final class Verify implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (VigilApp app = state.open()) {
        AuditVerifier.Result result = new AuditVerifier(app.auditStore()).verify();
        if (result.intact()) {
          spec.commandLine()
              .getOut()
              .println("audit chain intact: " + result.checked() + " entries");
          return 0;
        }
        AuditVerifier.Break broken = result.firstBreak().orElseThrow();
        spec.commandLine()
            .getOut()
            .println("audit chain BROKEN at entry " + broken.seq() + ": " + broken.reason());
        return 1;
      }
    }
  }
}
