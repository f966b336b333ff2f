package org.vigil.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigil.app.FileAuditCheckpointLog;
import org.vigil.app.VigilApp;
import org.vigil.core.audit.AuditCheckpoint;
import org.vigil.core.audit.AuditVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil audit verify} checks the whole hash chain, and against signed checkpoints; {@code
 * vigil audit export} copies it out.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Inspect the audit log.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
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
      description =
          "Verify the audit hash chain, and that the database agrees with every signed checkpoint"
              + " in --checkpoints; reports the first broken entry (exit 1).")
  static final class Verify implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--checkpoints",
        paramLabel = "FILE",
        description =
            "Signed checkpoints (a copy of <data-dir>/audit-checkpoints.jsonl or of GET"
                + " /v1/audit/checkpoints saved as JSON lines) kept outside the database's reach."
                + " Without it only the chain's own consistency is checked, which someone able to"
                + " rewrite the database can fake.")
    Path checkpoints;

    @Option(
        names = "--public-key",
        paramLabel = "BASE64",
        description = "The Ed25519 public key the checkpoints must be signed with (pinned).")
    String publicKey;

    @Override
    public Integer call() throws IOException {
      List<AuditCheckpoint> signed = List.of();
      if (checkpoints != null) {
        try {
          signed = FileAuditCheckpointLog.read(checkpoints);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--checkpoints " + e.getMessage());
        }
      }
      try (VigilApp app = state.open()) {
        AuditVerifier.Result result = new AuditVerifier(app.auditStore()).verify(signed, publicKey);
        if (result.intact()) {
          spec.commandLine()
              .getOut()
              .println(
                  "audit chain intact: "
                      + result.checked()
                      + " entries"
                      + (result.pruned() > 0
                          ? " (" + result.pruned() + " pruned by retention, each accounted for)"
                          : "")
                      + (checkpoints == null
                          ? " (no --checkpoints: a rewrite with recomputed hashes would pass)"
                          : ", agrees with " + signed.size() + " signed checkpoints"));
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

  /**
   * Writes the entries of a time range as NDJSON (one JSON object per line, oldest first), for an
   * auditor, a regulator or an archive; reads the log in pages, so any size fits in little memory.
   */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write audit entries between --from and --to as NDJSON, oldest first.")
  static final class Export implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
        names = "--from",
        paramLabel = "TIME",
        description =
            "First instant included: 2026-12-01 or 2026-12-01T00:00:00Z. Default: the start.")
    String from;

    @CommandLine.Option(
        names = "--to",
        paramLabel = "TIME",
        description = "Instant excluded: 2026-12-02 or an ISO instant. Default: now.")
    String to;

    @CommandLine.Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write here instead of standard output.")
    java.nio.file.Path out;

    @Override
    public Integer call() throws java.io.IOException {
      java.time.Instant start = from == null ? java.time.Instant.MIN : instant("--from", from);
      java.time.Instant end = to == null ? java.time.Instant.now() : instant("--to", to);
      if (!start.isBefore(end)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--from must be before --to");
      }
      try (VigilApp app = state.open()) {
        // Standard output belongs to the command line (never closed here); a file is ours.
        java.io.Writer writer =
            out == null ? spec.commandLine().getOut() : java.nio.file.Files.newBufferedWriter(out);
        try {
          return export(app, writer, start, end);
        } finally {
          if (out != null) {
            writer.close();
          }
        }
      }
    }

    private int export(
        VigilApp app, java.io.Writer writer, java.time.Instant start, java.time.Instant end)
        throws java.io.IOException {
      {
        long after = 0;
        long written = 0;
        while (true) {
          java.util.List<org.vigil.core.audit.AuditEntry> page =
              app.auditStore().after(after, 1000, null);
          for (org.vigil.core.audit.AuditEntry entry : page) {
            if (!entry.at().isBefore(end)) {
              return finish(writer, written);
            }
            if (!entry.at().isBefore(start)) {
              writer.write(org.vigil.core.json.Json.MAPPER.writeValueAsString(entry));
              writer.write('\n');
              written++;
            }
          }
          if (page.size() < 1000) {
            return finish(writer, written);
          }
          after = page.get(page.size() - 1).seq();
        }
      }
    }

    private int finish(java.io.Writer writer, long written) throws java.io.IOException {
      writer.flush();
      if (out != null) {
        spec.commandLine().getErr().println("wrote " + written + " audit entries to " + out);
      }
      return 0;
    }

    private java.time.Instant instant(String option, String value) {
      try {
        if (value.length() == 10) {
          return java.time.LocalDate.parse(value)
              .atStartOfDay(java.time.ZoneOffset.UTC)
              .toInstant();
        }
        return java.time.Instant.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            option
                + " must be a date (2026-12-01) or an ISO instant (2026-12-01T00:00:00Z), got '"
                + value
                + "'");
      }
    }
  }
}
