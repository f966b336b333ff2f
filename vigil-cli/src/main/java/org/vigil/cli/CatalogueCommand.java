package org.vigil.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigil.core.catalogue.CatalogueDiff;
import org.vigil.core.catalogue.InvalidCatalogueException;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil catalogue}: the service catalogue's changelog and the difference between two
 * versions, for a provider to review before publishing new zones. {@code bundled} names the
 * catalogue shipped in this build.
 */
@Command(
    name = "catalogue",
    mixinStandardHelpOptions = true,
    description = "Service catalogue: its changelog, and what changes between two versions.",
    subcommands = {CatalogueCommand.Changelog.class, CatalogueCommand.Diff.class})
public final class CatalogueCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static ServiceCatalogue load(String file) {
    return "bundled".equals(file)
        ? ServiceCatalogue.bundled()
        : ServiceCatalogue.load(Path.of(file));
  }

  /** {@code vigil catalogue changelog}. */
  @Command(
      name = "changelog",
      mixinStandardHelpOptions = true,
      description = "Print the changelog.")
  static final class Changelog implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "Catalogue file (default: bundled).")
    String file = "bundled";

    @Override
    public Integer call() {
      ServiceCatalogue catalogue;
      try {
        catalogue = load(file);
      } catch (InvalidCatalogueException | UncheckedIOException e) {
        spec.commandLine().getErr().println("vigil: " + e.getMessage());
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      for (ServiceCatalogue.ChangelogEntry entry : catalogue.changelog()) {
        out.println(entry.version() + " (" + entry.date() + ")");
        entry.changes().forEach(change -> out.println("  - " + change));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code vigil catalogue diff OLD NEW}. */
  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description =
          "What changes from OLD to NEW (catalogue files, or 'bundled'), service by service"
              + " (exit 0 when nothing, 1 otherwise).")
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
      CatalogueDiff diff;
      try {
        diff = CatalogueDiff.between(load(older), load(newer));
      } catch (InvalidCatalogueException | UncheckedIOException e) {
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
