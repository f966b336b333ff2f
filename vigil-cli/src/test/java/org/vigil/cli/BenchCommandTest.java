package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
  void vigilBenchMatch_viaRootCommand_printsJsonWithFullRecall() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine vigil = VigilCommand.commandLine();
    vigil.setOut(new PrintWriter(out));

    int exit =
        vigil.execute(
            "bench",
            "match",
            "--size",
            "5000",
            "--queries",
            "500",
            "--json",
            "--linear-queries",
            "50");

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
}
