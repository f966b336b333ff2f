package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigil.core.intake.ScanRequestStatus;
import org.vigil.core.intake.ScanRequestStatus.State;

/** Asynchronous scan requests (V160), against a real PostgreSQL server. */
class JdbcScanRequestsTest {

  private static final Instant AT = Instant.parse("2026-12-05T03:00:00.123Z");

  private static ScanRequestStatus status(String tenant, String id) {
    return new ScanRequestStatus(id, tenant, "dec_0001", "photo-1", State.PENDING, null, AT, AT);
  }

  @Test
  void recordPending_twice_keepsTheFirstAndSaysSo() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcScanRequests requests = new JdbcScanRequests(db);
      assertThat(requests.recordPending(status("acme", "r1"))).isTrue();
      assertThat(requests.recordPending(status("acme", "r1"))).isFalse();
      ScanRequestStatus found = requests.find("acme", "r1").orElseThrow();
      assertThat(found.state()).isEqualTo(State.PENDING);
      assertThat(found.decisionId()).isEqualTo("dec_0001");
      assertThat(found.contentId()).isEqualTo("photo-1");
      assertThat(found.submittedAt()).isEqualTo(AT);
    }
  }

  @Test
  void find_otherTenant_isEmpty() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcScanRequests requests = new JdbcScanRequests(db);
      requests.recordPending(status("acme", "r1"));
      assertThat(requests.find("other", "r1")).isEmpty();
    }
  }

  @Test
  void markDecided_withoutPendingRow_insertsIt_andPendingAfterwardsDoesNotUndoIt() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcScanRequests requests = new JdbcScanRequests(db);
      ScanRequestStatus pending = status("acme", "r2");
      requests.markDecided(
          java.util.List.of(
              new ScanRequestStatus(
                  pending.requestId(),
                  pending.tenant(),
                  pending.decisionId(),
                  pending.contentId(),
                  State.DECIDED,
                  null,
                  AT,
                  AT.plusSeconds(1))));
      // The API node's write arriving after the worker's must not turn it back to pending.
      assertThat(requests.recordPending(status("acme", "r2"))).isFalse();
      ScanRequestStatus found = requests.find("acme", "r2").orElseThrow();
      assertThat(found.state()).isEqualTo(State.DECIDED);
      assertThat(found.updatedAt()).isEqualTo(AT.plusSeconds(1));
    }
  }

  @Test
  void markFailed_keepsTheReason() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcScanRequests requests = new JdbcScanRequests(db);
      requests.recordPending(status("acme", "r3"));
      requests.markFailed(status("acme", "r3"), "media rejected (corrupt)", AT.plusSeconds(2));
      ScanRequestStatus found = requests.find("acme", "r3").orElseThrow();
      assertThat(found.state()).isEqualTo(State.FAILED);
      assertThat(found.reason()).isEqualTo("media rejected (corrupt)");
    }
  }
}
