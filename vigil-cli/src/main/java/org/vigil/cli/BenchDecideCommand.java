package org.vigil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigil.core.auth.Role;
import org.vigil.core.minors.DecideWorkload;
import org.vigil.server.Bootstrap;
import org.vigil.server.VigilApp;
import org.vigil.server.VigilConfig;
import org.vigil.server.VigilServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench decide}: throughput and latency percentiles of {@code POST /v1/decide} over
 * real HTTP on loopback. Without {@code --url} it starts a Vigil server on 127.0.0.1 (random port,
 * fresh embedded database in a temporary directory) in this process; with {@code --url} and {@code
 * --key} it loads a server you started. Every decision is audit-logged as in production.
 */
@Command(
    name = "decide",
    description = "Load POST /v1/decide over HTTP on loopback; report req/s and p50/p99 latency.",
    mixinStandardHelpOptions = true)
public final class BenchDecideCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      description = "Base URL of a running server (default: start one on 127.0.0.1).")
  URI url;

  @Option(names = "--key", description = "A platform API key for --url.")
  String key;

  @Option(
      names = "--concurrency",
      description = "Concurrent connections (default ${DEFAULT-VALUE}).")
  int concurrency = 16;

  @Option(names = "--seconds", description = "Measured seconds (default ${DEFAULT-VALUE}).")
  int seconds = 15;

  @Option(names = "--warmup", description = "Warm-up seconds (default ${DEFAULT-VALUE}).")
  int warmup = 5;

  @Option(names = "--seed", description = "Workload seed (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (concurrency < 1 || concurrency > 1024 || seconds < 1 || warmup < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--concurrency 1..1024, --seconds >= 1, --warmup >= 0");
    }
    if ((url == null) != (key == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--url and --key go together");
    }
    var bodies = DecideWorkload.requests(4096, seed);
    if (url != null) {
      return report(
          DecideLoad.run(
              url.resolve("/v1/decide"),
              key,
              bodies,
              concurrency,
              Duration.ofSeconds(warmup),
              Duration.ofSeconds(seconds)));
    }
    Path dataDir = Files.createTempDirectory("vigil-bench-decide");
    VigilConfig config =
        VigilConfig.fromEnvironment(Map.of()).withPort(0).withDataDir(dataDir).withDemo(false);
    try (VigilApp app = VigilApp.open(config, Clock.systemUTC())) {
      Bootstrap.ensureAdminKey(app);
      String platformKey = app.keys().create(Role.PLATFORM, "bench decide").secret();
      try (VigilServer server = VigilServer.start(app)) {
        URI base = URI.create("http://127.0.0.1:" + server.port());
        return report(
            DecideLoad.run(
                base.resolve("/v1/decide"),
                platformKey,
                bodies,
                concurrency,
                Duration.ofSeconds(warmup),
                Duration.ofSeconds(seconds)));
      }
    } finally {
      deleteQuietly(dataDir);
    }
  }

  private int report(DecideLoad.Result result) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? result.toJson() : result.toText());
    out.flush();
    return result.errors() == 0 && result.statuses().keySet().stream().allMatch(s -> s == 200)
        ? 0
        : 1;
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory; the OS cleans it eventually.
    }
  }
}
