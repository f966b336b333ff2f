package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.core.courtorders.CourtOrderRequest;
import org.vigil.core.courtorders.IdentifierType;
import org.vigil.dns.TsigKey;

/** {@code vigil dns ...} as an operator runs it. */
class DnsCommandTest {

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void zone_category_printsZoneFileWithTriggersAndSerial() {
    CliRun run = run("dns", "zone", "--category", "forum", "--serial", "42");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("$ORIGIN forum.rpz.vigil.")
        .contains("reddit.com.forum.rpz.vigil.")
        .contains("*.reddit.com.forum.rpz.vigil.")
        .contains(" 42 ")
        .doesNotContain("facebook.com");
  }

  @Test
  void zone_unknownCategory_usageErrorListingCategories() {
    CliRun run = run("dns", "zone", "--category", "dating");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("unknown service category 'dating'").contains("social_network");
  }

  @Test
  void catalogue_bundled_summarisedPerCategory() {
    CliRun run = run("dns", "catalogue");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("catalogue ").contains("live_streaming");
  }

  @Test
  void catalogue_brokenFile_exitOneWithEveryProblem() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "version: x\ndate: '2026-11-23'\nservices:\n  - id: a\n    name: A\n"
            + "    category: forum\n    domains: [cloudfront.net]\n    why: w\n"
            + "    source: https://example.org/\n");
    CliRun run = run("dns", "catalogue", "--catalogue", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("cloudfront.net").contains("category messaging has no service");
  }

  @Test
  void bypassList_hostsOrAddresses() {
    assertThat(run("dns", "bypass-list").out()).contains("dns.google\n").contains("nordvpn.com\n");
    CliRun addresses = run("dns", "bypass-list", "--addresses", "--kind", "encrypted_dns");
    assertThat(addresses.out()).contains("1.1.1.1\n").doesNotContain("dns.google");
  }

  @Test
  void keygen_writesOwnerOnlyKeyAndRefusesOverwrite() throws Exception {
    Path key = dir.resolve("rpz.key");
    assertThat(run("dns", "keygen", "--out", key.toString()).exit()).isZero();
    assertThat(TsigKey.read(key).name().toString()).isEqualTo("vigil-rpz.");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    String before = Files.readString(key);
    CliRun again = run("dns", "keygen", "--out", key.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(Files.readString(key)).isEqualTo(before);
  }

  @Test
  void bindings_activeOrderInTheStore_viewForItsAddress() throws Exception {
    Path dataDir = dir.resolve("data");
    Files.createDirectories(dataDir);
    VigilConfig config = VigilConfig.fromEnvironment(Map.of()).withDataDir(dataDir);
    try (VigilApp app = VigilApp.open(config, Clock.systemUTC())) {
      Map<IdentifierType, List<String>> subject = new EnumMap<>(IdentifierType.class);
      subject.put(IdentifierType.SUBSCRIBER_LINE, List.of("LINE-0042"));
      app.courtOrders()
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
      app.courtOrders().updateSubscriberAddress("LINE-0042", "198.51.100.23", "radius");
    }
    Path key = dir.resolve("rpz.key");
    run("dns", "keygen", "--out", key.toString());

    CliRun bind =
        run(
            "dns",
            "bindings",
            "--resolver",
            "bind",
            "--data-dir",
            dataDir.toString(),
            "--tsig-key-file",
            key.toString(),
            "--primary",
            "10.0.0.5:5300");
    assertThat(bind.exit()).as(bind.err()).isZero();
    assertThat(bind.out())
        .contains("view \"vigil-restricted-messaging\"")
        .contains("198.51.100.23;")
        .contains("primaries { 10.0.0.5 port 5300 key \"r02.vigil-rpz\"; }");

    CliRun unbound =
        run("dns", "bindings", "--resolver", "unbound", "--data-dir", dataDir.toString());
    assertThat(unbound.out()).contains("access-control-tag: 198.51.100.23/32 \"vigil_messaging\"");

    CliRun noKey = run("dns", "bindings", "--resolver", "bind", "--data-dir", dataDir.toString());
    assertThat(noKey.exit()).isEqualTo(2);
    assertThat(noKey.err()).contains("TSIG key");
  }

  @Test
  void serve_badListenAddress_usageError() {
    CliRun run = run("dns", "serve", "--listen", "localhost:53", "--data-dir", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--listen 'localhost:53'");
  }

  @Test
  void bindings_malformedTsigKeyFile_oneLineNoStackTrace() throws Exception {
    Path key = dir.resolve("broken.key");
    Files.writeString(key, "this is not a key clause\n");
    CliRun run =
        run(
            "dns",
            "bindings",
            "--resolver",
            "bind",
            "--init",
            "--data-dir",
            dir.resolve("data").toString(),
            "--tsig-key-file",
            key.toString());
    assertThat(run.exit()).isNotZero();
    assertThat(run.err())
        .contains("broken.key")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(run.err().lines().filter(l -> !l.startsWith("Try ")).count()).isEqualTo(1);
  }

  @Test
  void bindings_tsigSecretNotBase64_oneLineNoStackTrace() throws Exception {
    Path key = dir.resolve("notbase64.key");
    Files.writeString(
        key, "key \"vigil-rpz\" { algorithm hmac-sha256; secret \"%%%not-base64%%%\"; };\n");
    CliRun run =
        run(
            "dns",
            "bindings",
            "--resolver",
            "bind",
            "--init",
            "--data-dir",
            dir.resolve("data").toString(),
            "--tsig-key-file",
            key.toString());
    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("notbase64.key").doesNotContain("\tat ");
    assertThat(run.err().lines().filter(l -> !l.startsWith("Try ")).count()).isEqualTo(1);
  }
}
