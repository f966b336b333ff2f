package org.vigil.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

  private static final String[] KEYS = {
    "size",
    "threshold",
    "index_qps",
    "linear_qps",
    "speedup",
    "recall",
    "p50_ms",
    "p99_ms",
    "build_s",
    "bytes_per_entry"
  };

  private static JsonNode runJson(String... args) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand());
    command.setOut(new PrintWriter(out));
    int exit = command.execute(args);
    assertThat(exit).as(out.toString()).isZero();
    return new ObjectMapper().readTree(out.toString());
  }

  @Test
  void match_smallUniformBankAsJson_printsAllKeysWithFullRecall() throws Exception {
    JsonNode result =
        runJson(
            "match",
            "--size",
            "20000",
            "--queries",
            "2000",
            "--threshold",
            "31",
            "--json",
            "--linear-queries",
            "200");

    for (String key : KEYS) {
      assertThat(result.has(key)).as(key).isTrue();
    }
    assertThat(result.get("size").asInt()).isEqualTo(20000);
    assertThat(result.get("threshold").asInt()).isEqualTo(31);
    assertThat(result.get("recall").asDouble()).isEqualTo(1.0);
    assertThat(result.get("exact").asBoolean()).isTrue();
    assertThat(result.get("hits").asLong()).isPositive();
    assertThat(result.get("index_qps").asDouble()).isPositive();
    assertThat(result.get("bytes_per_entry").asDouble()).isBetween(32.0, 400.0);
  }

  @Test
  void match_clusteredBankTwoThreadsHighThreshold_keepsFullRecall() throws Exception {
    JsonNode result =
        runJson(
            "match",
            "--size",
            "20000",
            "--queries",
            "1000",
            "--threshold",
            "48",
            "--clustered",
            "--threads",
            "2",
            "--json",
            "--linear-queries",
            "100");

    assertThat(result.get("recall").asDouble()).isEqualTo(1.0);
    assertThat(result.get("exact").asBoolean()).isTrue();
  }

  @Test
  void vigilBenchMatch_viaBenchMain_printsJsonWithFullRecall() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine vigil = VigilBench.commandLine();
    vigil.setOut(new PrintWriter(out));

    int exit =
        vigil.execute(
            "match", "--size", "5000", "--queries", "500", "--json", "--linear-queries", "50");

    assertThat(exit).as(out.toString()).isZero();
    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertThat(result.get("size").asInt()).isEqualTo(5000);
    assertThat(result.get("recall").asDouble()).isEqualTo(1.0);
  }

  @Test
  void match_negativeSize_failsWithUsageError() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand());
    command.setErr(new PrintWriter(err));

    int exit = command.execute("match", "--size", "-5");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("size must be at least 1");
  }

  @Test
  void snapshot_saveThenLoadOnlyInAnotherRun_findsEverySavedEntry(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("bank.vhx");

    JsonNode saved = runJson("snapshot", "--size", "30000", "--file", file.toString(), "--json");
    JsonNode loaded = runJson("snapshot", "--load-only", "--file", file.toString(), "--json");

    assertThat(saved.get("entries").asInt()).isEqualTo(30000);
    assertThat(saved.get("file_bytes").asLong()).isEqualTo(12 + 40L * 30000 + 8);
    assertThat(saved.get("found").asInt()).isEqualTo(saved.get("checked").asInt()).isPositive();
    assertThat(saved.get("load_s").asDouble()).isPositive();
    assertThat(loaded.get("entries").asInt()).isEqualTo(30000);
    assertThat(loaded.get("found").asInt()).isEqualTo(loaded.get("checked").asInt()).isPositive();
  }

  @Test
  void snapshot_loadOnlyText_reportsTheLoadAndNoBuildOrSave(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bank.vhx");
    runJson("snapshot", "--size", "5000", "--file", file.toString(), "--json");

    BenchRun loaded = BenchRun.of("snapshot", "--load-only", "--file", file.toString());
    BenchRun saved = BenchRun.of("snapshot", "--size", "5000", "--file", file.toString());

    assertThat(loaded.exit()).as(loaded.err()).isZero();
    assertThat(loaded.out())
        .contains("5,000 entries")
        .containsPattern("(?m)^load \\d+\\.\\d\\d s")
        .contains("found 1,000 of 1,000")
        .doesNotContain("build ")
        .doesNotContain("save ")
        .doesNotContain("-1.00");
    assertThat(saved.out()).containsPattern("build \\d+\\.\\d\\d s, save \\d+\\.\\d\\d s, load ");
  }

  @Test
  void snapshot_loadOnlyOfACorruptFile_failsNamingTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.vhx");
    Files.write(
        file,
        new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21});
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand());
    command.setErr(new PrintWriter(err));

    int exit = command.execute("snapshot", "--load-only", "--file", file.toString());

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("broken.vhx").contains("not a Vigil index snapshot");
  }

  @Test
  void snapshot_loadOnlyWithoutFile_failsWithUsageError() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand());
    command.setErr(new PrintWriter(err));

    int exit = command.execute("snapshot", "--load-only");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--load-only needs --file");
  }

  @Test
  void vigilBenchSnapshot_missingFile_printsOneLineNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere.vhx");

    BenchRun run = BenchRun.of("snapshot", "--load-only", "--file", missing.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("vigil: no such file: " + missing);
  }
}
