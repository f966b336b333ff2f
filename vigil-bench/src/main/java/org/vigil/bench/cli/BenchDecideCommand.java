package org.vigil.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigil.app.Bootstrap;
import org.vigil.app.ServerWiring;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.bench.minors.DecideWorkload;
import org.vigil.core.auth.Role;
import org.vigil.core.intake.DecideJson;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.json.Json;
import org.vigil.core.minors.DecideService;
import org.vigil.core.minors.InMemoryAccountDirectory;
import org.vigil.core.minors.MinorProtectionCheck;
import org.vigil.core.minors.RuleSetLoader;
import org.vigil.server.VigilServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin BenchOptions common;

  @Option(
      names = "--in-process",
      description =
          "Skip HTTP: call the decision service on one thread and report decisions per wall"
              + " second and per CPU second of that thread (the per-core figure on a busy machine).")
  boolean inProcess;

  @Override
  public Integer call() throws Exception {
    if (concurrency < 1 || concurrency > 1024 || seconds < 1 || warmup < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--concurrency 1..1024, --seconds >= 1, --warmup >= 0");
    }
    if ((url == null) != (key == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--url and --key go together");
    }
    var bodies = DecideWorkload.requests(4096, common.seed);
    if (inProcess) {
      return inProcess(bodies);
    }
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
      try (VigilServer server = ServerWiring.start(app)) {
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

  private int inProcess(java.util.List<String> bodies) throws IOException {
    MinorProtectionCheck check = new MinorProtectionCheck(RuleSetLoader.bundled());
    DecideService service =
        new DecideService(
            new InMemoryAccountDirectory(),
            check.jurisdictions(),
            java.util.List.of(check),
            Clock.systemUTC());
    DecideRequest[] requests = new DecideRequest[bodies.size()];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = DecideJson.readRequest(Json.MAPPER.readTree(bodies.get(i)));
    }
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long sink = 0;
    long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
    for (int i = 0; System.nanoTime() < warmupEnd; i++) {
      sink += service.decide(requests[i & (requests.length - 1)]).reasons().size();
    }
    long count = 0;
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1024; i++) {
        sink += service.decide(requests[(int) (count++ & (requests.length - 1))]).reasons().size();
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        String.format(
            java.util.Locale.ROOT,
            common.json
                ? "{\"decisions\":%d,\"perWallSecond\":%.0f,\"perCpuSecond\":%.0f,\"checksum\":%d}"
                : "decide in process: %d decisions, %.0f/s wall, %.0f per CPU-second of the"
                    + " deciding thread (checksum %d)",
            count,
            count / wall,
            count / cpu,
            sink & 0xff));
    out.flush();
    return 0;
  }

  private int report(DecideLoad.Result result) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(common.json ? result.toJson() : result.toText());
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
