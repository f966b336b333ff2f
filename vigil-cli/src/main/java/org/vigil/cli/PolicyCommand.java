package org.vigil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigil.core.policy.CompiledPolicy;
import org.vigil.core.policy.InvalidPolicyException;
import org.vigil.core.policy.PolicyCases;
import org.vigil.core.policy.PolicyCompiler;
import org.vigil.core.policy.PolicyParser;
import org.vigil.core.policy.PolicyWarning;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil policy check FILE} and {@code vigil policy test FILE CASES}: offline, no database. A
 * check prints {@code FILE:LINE:COLUMN: message} for an error (exit 1) and one line per warning.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Check and test decision policies offline (docs/policy.md).",
    subcommands = {PolicyCommand.Check.class, PolicyCommand.Test.class})
public final class PolicyCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads and compiles FILE, printing its error as FILE:LINE:COLUMN: message. */
  static CompiledPolicy compile(Path file, PrintWriter err) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return PolicyCompiler.compile(PolicyParser.parse(text), null);
    } catch (InvalidPolicyException e) {
      err.println(
          file + ":" + e.line() + ":" + e.column() + ": " + e.field() + ": " + e.getMessage());
      return null;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Validate a policy file: errors as FILE:LINE:COLUMN: message (exit 1).")
  static final class Check implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy YAML.")
    Path file;

    @Override
    public Integer call() throws IOException {
      CompiledPolicy policy = compile(file, spec.commandLine().getErr());
      if (policy == null) {
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      for (PolicyWarning warning : policy.warnings()) {
        out.println(
            file
                + ": warning: rule "
                + warning.rule()
                + ": "
                + warning.code()
                + ": "
                + warning.message());
      }
      out.println(
          file
              + ": ok: policy "
              + policy.name()
              + ", "
              + policy.rules().size()
              + " rules, version "
              + policy.version());
      return 0;
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = "Run example cases against a policy; exit 1 when any case fails.")
  static final class Test implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy YAML.")
    Path file;

    @Parameters(index = "1", paramLabel = "CASES", description = "The cases YAML.")
    Path cases;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      CompiledPolicy policy = compile(file, err);
      if (policy == null) {
        return 1;
      }
      List<PolicyCases.Result> results;
      try {
        results = PolicyCases.run(policy, Files.readString(cases, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        err.println(cases + ": " + e.getMessage());
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      int failed = 0;
      for (PolicyCases.Result result : results) {
        out.println((result.passed() ? "PASS " : "FAIL ") + result.name() + ": " + result.detail());
        failed += result.passed() ? 0 : 1;
      }
      out.println(
          (results.size() - failed)
              + " passed, "
              + failed
              + " failed, "
              + results.size()
              + " cases");
      return failed == 0 ? 0 : 1;
    }
  }
}
