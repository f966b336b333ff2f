package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.exchanges.CredentialsRef;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.store.Database;
import org.vigil.store.JdbcBankStore;
import org.vigil.store.JdbcExchangeStore;

/** {@code vigil exchange list|fetch} against a data directory and a real partner list server. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExchangeCommandTest {

  @TempDir Path dataDir;

  @Test
  void fetchAndList_printOneLineEach_andFailuresAreOneLineWithExit1() throws Exception {
    AtomicInteger status = new AtomicInteger(200);
    HttpServer partner =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    partner.createContext(
        "/list.csv",
        exchange -> {
          try (exchange) {
            byte[] body =
                "md5,0123456789abcdef0123456789abcdef,p-1,A1\n".getBytes(StandardCharsets.UTF_8);
            if (status.get() != 200) {
              exchange.sendResponseHeaders(status.get(), -1);
              return;
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    partner.start();
    try {
      Instant now = Instant.now();
      try (Database db = Database.openEmbedded(dataDir)) {
        new JdbcBankStore(db).insert(new Bank("feed", "", 31, BankAction.REVIEW, true, now, now));
        new JdbcExchangeStore(db)
            .create(
                new ExchangeConfig(
                    "partner",
                    "default",
                    "url",
                    "feed",
                    URI.create("http://127.0.0.1:" + partner.getAddress().getPort() + "/list.csv"),
                    CredentialsRef.NONE,
                    Duration.ofHours(1),
                    true,
                    Map.of(),
                    now,
                    now),
                Optional.empty(),
                new AuditEvent("system", "exchange.create", "exchange:partner", "{}"));
      }
      String dir = dataDir.toString();

      CliRun fetched = CliRun.of("exchange", "fetch", "partner", "--data-dir", dir);
      assertThat(fetched.exit()).as(fetched.err()).isEqualTo(0);
      assertThat(fetched.out().strip())
          .isEqualTo("partner: added 1, updated 0, removed 0, skipped 0 (1 pages)");

      CliRun listed = CliRun.of("exchange", "list", "--data-dir", dir);
      assertThat(listed.exit()).isEqualTo(0);
      assertThat(listed.out()).startsWith("partner\turl\tfeed\tenabled\t").contains("+1/-0\tok");

      status.set(503);
      CliRun failed = CliRun.of("exchange", "fetch", "partner", "--data-dir", dir);
      assertThat(failed.exit()).isEqualTo(1);
      assertThat(failed.err().strip().lines()).hasSize(1);
      assertThat(failed.err())
          .startsWith("vigil: exchange 'partner': exchange unavailable: HTTP 503");

      CliRun unknown = CliRun.of("exchange", "fetch", "nope", "--data-dir", dir);
      assertThat(unknown.exit()).isEqualTo(1);
      assertThat(unknown.err().strip()).isEqualTo("vigil: exchange 'nope' does not exist");
    } finally {
      partner.stop(0);
    }
  }
}
