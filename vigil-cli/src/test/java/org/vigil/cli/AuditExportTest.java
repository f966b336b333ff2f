package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.core.json.Json;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AuditExportTest {

  @TempDir Path dir;

  @Test
  void export_timeRange_writesExactlyTheEntriesOfTheRangeAsNdjson() throws Exception {
    Path data = dir.resolve("data");
    Instant day1 = Instant.parse("2026-03-01T10:00:00Z");
    Instant day2 = Instant.parse("2026-03-02T10:00:00Z");
    VigilConfig config = VigilConfig.fromEnvironment(Map.of()).withDataDir(data);
    Files.createDirectories(data);
    try (VigilApp app = VigilApp.open(config, Clock.fixed(day1, ZoneOffset.UTC))) {
      for (int i = 0; i < 1_020; i++) {
        app.audit().record("system", "test.day1", "test:" + i, Map.of());
      }
    }
    try (VigilApp app = VigilApp.open(config, Clock.fixed(day2, ZoneOffset.UTC))) {
      for (int i = 0; i < 30; i++) {
        app.audit().record("system", "test.day2", "test:" + i, Map.of());
      }
    }

    Path out = dir.resolve("audit.ndjson");
    CliRun run =
        CliRun.of(
            "audit",
            "export",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-02",
            "--out",
            out.toString(),
            "--data-dir",
            data.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(1_020);
    for (String line : lines) {
      assertThat(Json.MAPPER.readTree(line).get("action").asText()).isEqualTo("test.day1");
    }

    CliRun stdout =
        CliRun.of("audit", "export", "--from", "2026-03-02", "--data-dir", data.toString());
    assertThat(stdout.exit()).as(stdout.err()).isZero();
    assertThat(stdout.out().lines().filter(l -> l.contains("\"test.day2\""))).hasSize(30);

    CliRun bad = CliRun.of("audit", "export", "--from", "yesterday", "--data-dir", data.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().lines()).hasSize(1);
  }
}
