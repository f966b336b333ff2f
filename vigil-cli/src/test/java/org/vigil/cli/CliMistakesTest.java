package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 22's CLI mistakes over every command that reads Vigil's state or a file: a mistyped data
 * directory is refused without creating it, and a missing file is named; always one line on stderr,
 * no stack trace, a non-zero exit.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliMistakesTest {

  @TempDir static Path dir;

  private static String oneLineFailure(CliRun run) {
    assertThat(run.exit()).as(run.out() + run.err()).isNotZero();
    assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("at org.").doesNotContain("\tat ");
    return run.err().strip();
  }

  static Stream<Arguments> stateCommands() {
    return Stream.of(
        Arguments.of(List.of("keys", "list")),
        Arguments.of(List.of("keys", "create", "--role", "platform")),
        Arguments.of(List.of("users", "list")),
        Arguments.of(List.of("audit", "verify")),
        Arguments.of(List.of("orders", "list")),
        Arguments.of(List.of("store", "status")),
        Arguments.of(List.of("accounts", "review", "--service", "social_network")),
        Arguments.of(List.of("backup", "--out", dir.resolve("b.zip").toString())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stateCommands")
  void stateCommand_mistypedDataDir_oneLineAndCreatesNothing(List<String> command) {
    Path typo = dir.resolve("typo-" + String.join("-", command).hashCode());
    List<String> args = new ArrayList<>(command);
    args.add("--data-dir");
    args.add(typo.toString());
    String line = oneLineFailure(CliRun.of(args.toArray(String[]::new)));
    assertThat(line).contains(typo.toString()).contains("does not exist");
    assertThat(typo).doesNotExist();
  }

  static Stream<Arguments> fileCommands() {
    String missing = dir.resolve("no-such-file").toString();
    return Stream.of(
        Arguments.of(List.of("policy", "check", missing)),
        Arguments.of(List.of("rules", "list", "--file", missing)),
        Arguments.of(List.of("rules", "changelog", "--file", missing)),
        Arguments.of(List.of("catalogue", "changelog", "--file", missing)),
        Arguments.of(List.of("restore", missing, "--data-dir", dir.resolve("r").toString())),
        Arguments.of(List.of("dns", "catalogue", "--catalogue", missing)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileCommands")
  void fileCommand_missingFile_oneLineNamingIt(List<String> command) {
    String line = oneLineFailure(CliRun.of(command.toArray(String[]::new)));
    assertThat(line).contains("no-such-file");
  }

  @org.junit.jupiter.api.Test
  void hash_missingFile_reportedInItsOutputLineAndExitNonZero() {
    // hash reports per path in its output (many files at once), so the mistake is a line there.
    CliRun run = CliRun.of("hash", dir.resolve("no-such-file").toString());
    assertThat(run.exit()).isNotZero();
    assertThat(run.out()).contains("no-such-file").contains("no such file");
    assertThat(run.out() + run.err()).doesNotContain("\tat ");
  }

  @org.junit.jupiter.api.Test
  void serve_brokenMinorsRulesFile_oneLineNamingItBeforeTheDatabaseIsCreated() throws Exception {
    Path data = java.nio.file.Files.createDirectories(dir.resolve("broken-rules"));
    Path rules = data.resolve("minors-rules.yaml");
    java.nio.file.Files.writeString(rules, "rules: [this is: not valid\n");
    String line =
        oneLineFailure(
            CliRun.of("serve", "--port", "0", "--no-demo", "--data-dir", data.toString()));
    assertThat(line).startsWith("vigil: " + rules).doesNotContain("unexpected");
    try (Stream<Path> files = java.nio.file.Files.list(data)) {
      assertThat(files).containsExactly(rules);
    }
  }
}
