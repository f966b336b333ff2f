package org.vigil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigil.core.json.Json;
import org.vigil.core.minors.RuleSet;
import org.vigil.core.minors.RuleSetDiff;
import org.vigil.core.minors.RuleSetException;
import org.vigil.core.minors.RuleSetLoader;
import org.vigil.core.minors.RuleView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil rules}: the minimum-age and minor-protection rules as data. {@code list} shows every
 * rule with its jurisdiction, status and dates; {@code changelog} what each release changed, in
 * words; {@code diff} what a rules update changes, rule by rule. Files are read, never written;
 * {@code bundled} names the rules shipped in this build.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "Minimum-age and minor-protection rules: list them, print their changelog, compare two"
            + " rule files.",
    subcommands = {
      RulesCommand.ListRules.class,
      RulesCommand.Changelog.class,
      RulesCommand.Diff.class
    })
public final class RulesCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A rule file, or the bundled rules for {@code bundled}. */
  static RuleSet load(String file) {
    return "bundled".equals(file) ? RuleSetLoader.bundled() : RuleSetLoader.load(Path.of(file));
  }

  /** {@code vigil rules list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Every rule: jurisdiction, id, status on the day, in-force date, whether and when its"
              + " sources were checked, age.")
  static final class ListRules implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "Rule file (default: the bundled rules).")
    String file = "bundled";

    @Option(
        names = "--on",
        paramLabel = "DATE",
        description = "Day whose status to show (YYYY-MM-DD; default today, UTC).")
    String on;

    @Option(names = "--json", description = "Print JSON, as GET /v1/rules does.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      LocalDate day;
      RuleSet rules;
      try {
        day = on == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(on);
        rules = load(file);
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--on: " + e.getMessage());
      } catch (RuleSetException e) {
        spec.commandLine().getErr().println("vigil: " + e.getMessage());
        return 1;
      }
      List<RuleView> views = RuleView.list(rules, day);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.MAPPER.writeValueAsString(views));
      } else {
        out.println("rules " + rules.version() + " on " + day + ": " + views.size() + " rules");
        for (RuleView view : views) {
          out.printf(
              "%-6s %-28s %-20s %-10s %-22s %s%n",
              view.jurisdiction(),
              view.id(),
              view.statusToday(),
              view.effectiveFrom() == null ? "-" : view.effectiveFrom(),
              checkedColumn(view),
              view.minimumAge() == null
                  ? ""
                  : "age " + view.minimumAge() + (view.below() == null ? "" : " " + view.below()));
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code vigil rules changelog}. */
  @Command(
      name = "changelog",
      mixinStandardHelpOptions = true,
      description = "What each release of the rules changed, newest first.")
  static final class Changelog implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "Rule file (default: the bundled rules).")
    String file = "bundled";

    @Override
    public Integer call() {
      RuleSet rules;
      try {
        rules = load(file);
      } catch (RuleSetException e) {
        spec.commandLine().getErr().println("vigil: " + e.getMessage());
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      if (rules.changelog().isEmpty()) {
        out.println("rules " + rules.version() + ": the file keeps no changelog");
      }
      for (RuleSet.ChangelogEntry entry : rules.changelog()) {
        out.println(entry.version() + " (" + entry.date() + ")");
        entry.changes().forEach(change -> out.println("  - " + change));
      }
      out.flush();
      return 0;
    }
  }

  /**
   * {@code verified 2026-12-05}, {@code UNVERIFIED 2026-12-05} (checked that day, not confirmed:
   * see the rule's checkNote) or {@code unchecked} (the file records no check).
   */
  static String checkedColumn(RuleView view) {
    if (view.verified() == null) {
      return "unchecked";
    }
    return (view.verified() ? "verified " : "UNVERIFIED ") + view.checked();
  }

  /** {@code vigil rules diff OLD NEW}. */
  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description =
          "What changes from OLD to NEW (rule files, or 'bundled'): rules added, removed or"
              + " changed field by field, and the jurisdictions affected (exit 0 when none, 1"
              + " otherwise).")
  static final class Diff implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD")
    String older;

    @Parameters(index = "1", paramLabel = "NEW")
    String newer;

    @Option(names = "--json", description = "Print the diff as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      RuleSetDiff diff;
      try {
        diff = RuleSetDiff.between(load(older), load(newer));
      } catch (RuleSetException e) {
        spec.commandLine().getErr().println("vigil: " + e.getMessage());
        return 2;
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.MAPPER.writeValueAsString(diff));
      } else {
        diff.lines().forEach(out::println);
      }
      out.flush();
      return diff.isEmpty() ? 0 : 1;
    }
  }
}
