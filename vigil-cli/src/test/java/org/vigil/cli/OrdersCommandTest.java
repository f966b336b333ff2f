package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil orders} against a data directory, as an operator at a provider would use it. */
class OrdersCommandTest {

  @TempDir Path dataDir;

  /** Runs a command against this test's own data directory, never the working directory's. */
  private CliRun run(String... args) {
    String[] withDataDir = java.util.Arrays.copyOf(args, args.length + 3);
    withDataDir[args.length] = "--data-dir";
    withDataDir[args.length + 1] = dataDir.resolve("state").toString();
    withDataDir[args.length + 2] = "--init";
    return CliRun.of(withDataDir);
  }

  private Path orderFile(String phone) throws Exception {
    Path file = dataDir.resolve("order-" + phone.hashCode() + ".json");
    Files.writeString(
        file,
        "{\"court\":\"Juzgado de lo Penal n.º 3 de Madrid\",\"caseRef\":\"PA 123/2025\","
            + "\"issuedOn\":\"2026-01-15\",\"startsAt\":\"2026-02-01\",\"endsAt\":\"2099-02-01\","
            + "\"scope\":[\"social_network\"],\"subject\":{\"phones\":[\""
            + phone
            + "\"],\"subscriberLines\":[\"MAD-FTTH-000042\"]}}");
    return file;
  }

  @Test
  void orders_createAddressRestrictedRevoke_roundTrip() throws Exception {
    CliRun created = run("orders", "create", "--file", orderFile("+34 612 345 678").toString());
    assertThat(created.exit()).as(created.err()).isZero();
    // The whole number, as sent and as normalised: a bare "612" can occur in the random id.
    assertThat(created.out())
        .contains("\"status\" : \"active\"")
        .doesNotContain("612 345 678")
        .doesNotContain("612345678");
    String id = created.out().replaceAll("(?s).*\"id\" : \"(co-[0-9a-f]+)\".*", "$1");

    assertThat(run("orders", "list", "--status", "active").out())
        .startsWith(id + "\tactive\tPA 123/2025\t");
    assertThat(
            run("orders", "address", "--line", "MAD-FTTH-000042", "--address", "198.51.100.7")
                .out()
                .trim())
        .isEqualTo("recorded");
    assertThat(run("orders", "restricted").out())
        .isEqualTo("198.51.100.7\tsocial_network\t" + id + System.lineSeparator());
    assertThat(run("orders", "restricted", "--at", "2099-02-01T00:00:00Z").out()).isEmpty();

    CliRun report = run("orders", "report", id);
    assertThat(report.out()).contains("\"subscriberAddressChanges\"").contains("198.51.100.7");

    assertThat(run("orders", "revoke", id, "--reason", "appeal").out().trim())
        .isEqualTo("revoked " + id);
    assertThat(run("orders", "restricted").out()).isEmpty();
    CliRun again = run("orders", "revoke", id);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already revoked");
  }

  @Test
  void ordersCreate_badPhone_namesTheFieldAndStoresNothing() throws Exception {
    CliRun bad = run("orders", "create", "--file", orderFile("call me").toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("subject.phones[0]");
    assertThat(run("orders", "list").out()).isEmpty();
  }
}
