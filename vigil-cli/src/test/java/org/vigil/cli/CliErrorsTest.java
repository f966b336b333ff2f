package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user mistake is one line on stderr and a non-zero exit, before anything is created: the
 * mistakes of issue 22, each as a user would make it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliErrorsTest {

  @TempDir Path dir;

  /** Asserts the run failed with exactly one line on stderr and no stack trace; returns it. */
  private static String oneLineFailure(CliRun run) {
    assertThat(run.exit()).as(run.err()).isNotZero();
    assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("at org.").doesNotContain("\tat ");
    return run.err().strip();
  }

  @Test
  void keysList_mistypedDataDir_refusesAndCreatesNothing() {
    Path typo = dir.resolve("typo");
    String line = oneLineFailure(CliRun.of("keys", "list", "--data-dir", typo.toString()));
    assertThat(line).contains(typo.toString()).contains("does not exist").contains("--init");
    assertThat(typo).doesNotExist();

    line = oneLineFailure(CliRun.of("audit", "verify", "--data-dir", typo.toString()));
    assertThat(line).contains("does not exist");
    assertThat(typo).doesNotExist();
  }

  @Test
  void keysList_emptyExistingDirectory_refusesUnlessInit() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    String line = oneLineFailure(CliRun.of("keys", "list", "--data-dir", empty.toString()));
    assertThat(line).contains("holds no Vigil database");
    assertThat(empty).isEmptyDirectory();

    CliRun init = CliRun.of("keys", "list", "--init", "--data-dir", empty.toString());
    assertThat(init.exit()).as(init.err()).isZero();
  }

  @Test
  void serve_portOutOfRange_namesTheFlagTyped() {
    String line =
        oneLineFailure(
            CliRun.of("serve", "--port", "70000", "--data-dir", dir.resolve("d").toString()));
    assertThat(line).isEqualTo("vigil: --port must be between 0 and 65535, got 70000");
    assertThat(dir.resolve("d")).doesNotExist();
  }

  @Test
  void serve_badOptionValue_oneLineNamingTheOption() {
    String line = oneLineFailure(CliRun.of("serve", "--log-format", "xml"));
    assertThat(line).contains("--log-format").contains("xml");
    line = oneLineFailure(CliRun.of("serve", "--port", "eighty"));
    assertThat(line).contains("--port").contains("eighty");
  }

  @Test
  void anyCommand_unsupportedDbUrl_namesTheFlag() {
    String line = oneLineFailure(CliRun.of("keys", "list", "--db-url", "jdbc:mysql://db/vigil"));
    assertThat(line).startsWith("vigil: --db-url must start with jdbc:postgresql:");
  }

  @Test
  void keysList_databaseUnreachable_oneLineWithoutThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String line =
        oneLineFailure(
            CliRun.of(
                "keys",
                "list",
                "--db-url",
                "jdbc:postgresql://127.0.0.1:"
                    + closedPort
                    + "/vigil?user=vigil&password=s3cret&connectTimeout=2"));
    assertThat(line).startsWith("vigil: database: ").contains("127.0.0.1:" + closedPort);
    assertThat(line).doesNotContain("s3cret");
  }

  @Test
  void dnsKeygen_missingDirectory_namesTheDirectory() {
    Path out = dir.resolve("missing").resolve("rpz.key");
    String line = oneLineFailure(CliRun.of("dns", "keygen", "--out", out.toString()));
    assertThat(line).contains("directory " + out.getParent() + " does not exist");
  }

  @Test
  void serve_missingTlsCertificate_namesTheFileBeforeCreatingAnything() {
    Path data = dir.resolve("data");
    String line =
        oneLineFailure(
            CliRun.of(
                "serve",
                "--port",
                "0",
                "--data-dir",
                data.toString(),
                "--tls-cert",
                dir.resolve("cert.pem").toString(),
                "--tls-key",
                dir.resolve("key.pem").toString()));
    assertThat(line).isEqualTo("vigil: --tls-cert " + dir.resolve("cert.pem") + ": no such file");
    assertThat(data).doesNotExist();
  }

  @Test
  void serve_portInUse_oneLineAndNoAdminKeyOrDataDirectory() throws Exception {
    Path data = dir.resolve("data");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CliRun run =
          CliRun.of(
              "serve",
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--data-dir",
              data.toString());
      String line = oneLineFailure(run);
      assertThat(line).contains("port " + taken.getLocalPort()).contains("already in use");
      assertThat(run.out()).doesNotContain("admin key").doesNotContain("demo bank");
    }
    assertThat(data).doesNotExist();
  }

  @Test
  void keysList_courtOrderKeyOfAnotherDatabase_namesTheKeyFileAndItsSetting() throws Exception {
    Path data = dir.resolve("data");
    CliRun created =
        CliRun.of("keys", "create", "--role", "platform", "--init", "--data-dir", data.toString());
    assertThat(created.exit()).as(created.err()).isZero();
    // Another node's key, as when a second server shares the database with its own key file.
    Path keyFile = data.resolve("court-orders.key");
    byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    Files.writeString(keyFile, HexFormat.of().formatHex(other) + "\n");

    String line = oneLineFailure(CliRun.of("keys", "list", "--data-dir", data.toString()));
    assertThat(line).contains(keyFile.toString()).contains("VIGIL_COURT_ORDER_KEY_FILE");
  }
}
