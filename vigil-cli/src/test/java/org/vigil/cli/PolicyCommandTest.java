package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = VigilCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static final String POLICY =
      """
      name: uploads
      rules:
        - id: ncmec-close
          when: 'matches.exists(m, m.bank == "ncmec" && m.distance <= 10)'
          then: [block, preserve_evidence, report_authority]
          stop: true
        - id: ncmec-near
          when: 'matches.exists(m, m.bank == "ncmec" && m.distance <= 31)'
          then: [{queue_review: {queue: csam, priority: high}}]
      """;

  @Test
  void check_brokenCondition_printsFileLineColumnAndExits1() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(
        file,
        "name: broken\nrules:\n  - id: a\n    when: 'true'\n    then: [block]\n"
            + "  - id: b\n    when: 'matches.exists(m, m.bank == )'\n    then: [label]\n");
    assertThat(run("policy", "check", file.toString())).isEqualTo(1);
    assertThat(err.toString().trim())
        .startsWith(file + ":7:40: rules[1].when: condition does not compile")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }

  @Test
  void check_validPolicy_exits0WithVersionAndWarnings() throws Exception {
    Path file = dir.resolve("uploads.yaml");
    Files.writeString(file, POLICY + "  - {id: dead, when: '1 > 2', then: [label]}\n");
    assertThat(run("policy", "check", file.toString())).isEqualTo(0);
    assertThat(out.toString()).contains("warning: rule dead: never_fires").contains("3 rules");
  }

  @Test
  void check_missingFile_oneLineExit1() {
    assertThat(run("policy", "check", dir.resolve("nope.yaml").toString())).isEqualTo(1);
    assertThat(err.toString().trim()).hasLineCount(1).contains("nope.yaml");
  }

  @Test
  void test_cases_passAndFailAreReported() throws Exception {
    Path file = dir.resolve("uploads.yaml");
    Files.writeString(file, POLICY);
    Path cases = dir.resolve("cases.yaml");
    Files.writeString(
        cases,
        """
        - name: close match blocks
          signals: [{kind: hash_match, bank: ncmec, signalId: 1, type: pdq, distance: 4}]
          expect: {verdict: block, rules: [ncmec-close]}
        - name: near match queues
          signals: [{kind: hash_match, bank: ncmec, signalId: 1, type: pdq, distance: 20}]
          expect: {verdict: review}
        - name: nothing allows
          expect: {verdict: allow}
        """);
    assertThat(run("policy", "test", file.toString(), cases.toString())).isEqualTo(0);
    assertThat(out.toString()).contains("3 passed, 0 failed");

    Files.writeString(
        cases,
        """
        - name: wrong expectation
          signals: [{kind: hash_match, bank: ncmec, signalId: 1, type: pdq, distance: 20}]
          expect: {verdict: block}
        """);
    assertThat(run("policy", "test", file.toString(), cases.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("FAIL wrong expectation: verdict review, expected block");
  }
}
