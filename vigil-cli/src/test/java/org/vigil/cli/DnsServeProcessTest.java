package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.courtorders.CourtOrderRequest;
import org.vigil.core.courtorders.IdentifierType;

/**
 * {@code vigil dns serve} as a separate process beside another process writing the register: its
 * periodic work (picking up orders written elsewhere, re-reading the catalogue file) runs as jobs
 * on the one scheduler of its VigilApp, and reaches the resolver's bindings and the served zones.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DnsServeProcessTest {

  private static final String ADDRESS = "198.51.100.23";

  @TempDir Path dir;

  @Test
  void serve_orderWrittenByAnotherProcessAndCatalogueEdit_reachBindingsAndZones() throws Exception {
    Path dataDir = dir.resolve("data");
    Path bindings = dir.resolve("bindings");
    Path catalogue = dir.resolve("services.yaml");
    String catalogueText;
    try (InputStream in =
        ServiceCatalogue.class.getResourceAsStream(ServiceCatalogue.BUNDLED_RESOURCE)) {
      catalogueText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Files.writeString(catalogue, catalogueText);
    Files.createDirectories(dataDir);
    VigilConfig config = VigilConfig.fromEnvironment(Map.of()).withDataDir(dataDir);
    try (VigilApp writer = VigilApp.open(config, Clock.systemUTC())) {
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              VigilCommand.class.getName(),
              "dns",
              "serve",
              "--listen",
              "127.0.0.1:0",
              "--data-dir",
              dataDir.toString(),
              "--resolver",
              "unbound",
              "--bindings-dir",
              bindings.toString(),
              "--refresh-seconds",
              "1",
              "--catalogue",
              catalogue.toString());
      builder.redirectErrorStream(true);
      builder.environment().keySet().removeIf(name -> name.startsWith("VIGIL_"));
      Process process = builder.start();
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      Thread drain = new Thread(() -> drain(process, lines), "dns-serve-output");
      drain.setDaemon(true);
      drain.start();
      try {
        await(() -> contains(lines, "vigil dns: serving"), lines);
        Path file = bindings.resolve("vigil-unbound.conf");
        await(() -> Files.exists(file), lines);
        assertThat(Files.readString(file)).doesNotContain(ADDRESS);

        // Another process (here the test's own) registers an order and the line's address.
        Map<IdentifierType, List<String>> subject = new EnumMap<>(IdentifierType.class);
        subject.put(IdentifierType.SUBSCRIBER_LINE, List.of("LINE-0042"));
        writer
            .courtOrders()
            .create(
                new CourtOrderRequest(
                    "Example Court",
                    "CASE-1",
                    null,
                    "2026-01-01",
                    "2026-01-02T00:00:00Z",
                    "2099-01-01T00:00:00Z",
                    List.of("messaging"),
                    subject,
                    null,
                    null),
                "admin");
        writer.courtOrders().updateSubscriberAddress("LINE-0042", ADDRESS, "radius");
        await(() -> read(file).contains(ADDRESS), lines);

        // The catalogue file changes: one forum domain fewer.
        String edited =
            catalogueText.replace(
                "domains: [4cdn.org, 4chan.org, 4channel.org]", "domains: [4cdn.org, 4chan.org]");
        assertThat(edited).isNotEqualTo(catalogueText);
        Files.writeString(catalogue, edited);
        await(() -> contains(lines, "catalogue reloaded; changed zones: [FORUM]"), lines);
      } finally {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  private static void drain(Process process, List<String> lines) {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("(output closed: " + e + ")");
    }
  }

  private static boolean contains(List<String> lines, String text) {
    synchronized (lines) {
      return lines.stream().anyMatch(line -> line.contains(text));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits up to 60 s for {@code condition}; fails with the process's output otherwise. */
  private static void await(BooleanSupplier condition, List<String> lines)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        synchronized (lines) {
          throw new AssertionError("not reached in 60 s; vigil dns serve printed:\n" + lines);
        }
      }
      Thread.sleep(100);
    }
  }
}
