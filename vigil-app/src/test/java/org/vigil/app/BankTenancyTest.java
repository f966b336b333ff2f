package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/**
 * Banks are shared by every tenant or private to one (issue 13), and keys of one tenant cannot
 * manage another's. Over HTTP on PostgreSQL.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BankTenancyTest {

  private static TestServer server;
  private static String operator;
  private static String adminB;
  private static String platformA;
  private static String platformB;
  private static String moderatorB;

  @BeforeAll
  static void start() {
    server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres");
    operator = server.adminKey;
    adminB = server.key(Role.ADMIN, "forum-b");
    platformA = server.key(Role.PLATFORM);
    platformB = server.key(Role.PLATFORM, "forum-b");
    moderatorB = server.key(Role.MODERATOR, "forum-b");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestServer.Reply send(String method, String path, String key, String json) {
    return server.send(method, path, key, json);
  }

  private static String bank(String name) {
    return "{\"name\":\"" + name + "\",\"pdqThreshold\":31,\"action\":\"block\"}";
  }

  private static String signal(String md5, String category, String source) {
    return "{\"type\":\"md5\",\"value\":\""
        + md5
        + "\",\"category\":\""
        + category
        + "\",\"source\":\""
        + source
        + "\"}";
  }

  private static JsonNode scan(String key, String md5) {
    TestServer.Reply reply =
        send("POST", "/v1/scan", key, "{\"hashes\":{\"md5\":\"" + md5 + "\"}}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static List<String> names(String key) {
    List<String> names = new ArrayList<>();
    send("GET", "/v1/banks", key, null)
        .json()
        .get("banks")
        .forEach(b -> names.add(b.get("name").asText()));
    return names;
  }

  @Test
  void privateBank_ofAnotherTenant_isNotFoundAndNeverMatchesItsScans() {
    String md5 = "0123456789abcdef0123456789abc001";
    TestServer.Reply created = send("POST", "/v1/banks", adminB, bank("b-own"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("shared").asBoolean()).isFalse();
    assertThat(created.json().get("tenant").asText()).isEqualTo("forum-b");
    assertThat(
            send("POST", "/v1/banks/b-own/signals", adminB, signal(md5, "ncii", "b-list")).status())
        .isEqualTo(201);

    // The operator's admin of the default tenant neither sees nor touches it.
    assertThat(send("GET", "/v1/banks/b-own", operator, null).status()).isEqualTo(404);
    assertThat(send("GET", "/v1/banks/b-own/signals", operator, null).status()).isEqualTo(404);
    assertThat(send("GET", "/v1/banks/b-own/signals/1", operator, null).status()).isEqualTo(404);
    assertThat(send("PATCH", "/v1/banks/b-own", operator, "{\"enabled\":false}").status())
        .isEqualTo(404);
    assertThat(send("POST", "/v1/banks/b-own/signals", operator, signal(md5, "x", "y")).status())
        .isEqualTo(404);
    assertThat(send("DELETE", "/v1/banks/b-own", operator, null).status()).isEqualTo(404);
    assertThat(names(operator)).doesNotContain("b-own");
    assertThat(names(adminB)).contains("b-own");

    // Forum A's scan of the hash matches nothing; forum B's matches its own bank.
    assertThat(scan(platformA, md5).get("matches")).isEmpty();
    JsonNode ofB = scan(platformB, md5);
    assertThat(ofB.get("matches")).hasSize(1);
    assertThat(ofB.get("verdict").asText()).isEqualTo("block");
  }

  @Test
  void sharedBank_seenByEveryTenant_changedOnlyByTheDefaultTenant() {
    String md5 = "0123456789abcdef0123456789abc002";
    TestServer.Reply created = send("POST", "/v1/banks", operator, bank("everyone"));
    assertThat(created.json().get("shared").asBoolean()).isTrue();
    assertThat(created.json().get("tenant").isNull()).isTrue();
    send("POST", "/v1/banks/everyone/signals", operator, signal(md5, "csam", "partner"));

    assertThat(send("GET", "/v1/banks/everyone", adminB, null).status()).isEqualTo(200);
    assertThat(send("GET", "/v1/banks/everyone", moderatorB, null).status()).isEqualTo(200);
    TestServer.Reply patch = send("PATCH", "/v1/banks/everyone", adminB, "{\"enabled\":false}");
    assertThat(patch.status()).as(patch.body()).isEqualTo(403);
    assertThat(patch.json().get("error").asText()).isEqualTo("forbidden");
    assertThat(
            send("POST", "/v1/banks/everyone/signals", adminB, signal("a".repeat(32), "x", "y"))
                .status())
        .isEqualTo(403);
    assertThat(send("DELETE", "/v1/banks/everyone", adminB, null).status()).isEqualTo(403);
    assertThat(send("POST", "/v1/banks/everyone/import", adminB, null).status()).isEqualTo(403);
    TestServer.Reply shared =
        send("POST", "/v1/banks", adminB, "{\"name\":\"b-shared\",\"shared\":true}");
    assertThat(shared.status()).as(shared.body()).isEqualTo(403);

    assertThat(scan(platformA, md5).get("matches")).hasSize(1);
    assertThat(scan(platformB, md5).get("matches")).hasSize(1);
  }

  @Test
  void defaultTenant_mayKeepABankPrivateToItself() {
    String md5 = "0123456789abcdef0123456789abc003";
    TestServer.Reply created =
        send(
            "POST",
            "/v1/banks",
            operator,
            "{\"name\":\"a-own\",\"action\":\"block\",\"shared\":false}");
    assertThat(created.json().get("tenant").asText()).isEqualTo("default");
    send("POST", "/v1/banks/a-own/signals", operator, signal(md5, "x", "y"));

    assertThat(send("GET", "/v1/banks/a-own", adminB, null).status()).isEqualTo(404);
    assertThat(scan(platformB, md5).get("matches")).isEmpty();
    assertThat(scan(platformA, md5).get("matches")).hasSize(1);
  }

  @Test
  void decisionRecord_match_carriesTheSignalsCategoryAndSource() {
    String md5 = "0123456789abcdef0123456789abc004";
    send("POST", "/v1/banks", operator, bank("provenance"));
    send("POST", "/v1/banks/provenance/signals", operator, signal(md5, "csam", "hash-exchange"));

    String id = scan(platformA, md5).get("decisionId").asText();
    JsonNode decision = send("GET", "/v1/decisions/" + id, platformA, null).json();

    JsonNode match = null;
    for (JsonNode signal : decision.get("signals")) {
      if (signal.has("bank") && signal.get("bank").asText().equals("provenance")) {
        match = signal;
      }
    }
    assertThat(match).as(decision.toString()).isNotNull();
    assertThat(match.get("category").asText()).isEqualTo("csam");
    assertThat(match.get("source").asText()).isEqualTo("hash-exchange");
  }

  @Test
  void keys_adminOfAnotherTenant_managesOnlyItsOwnTenantsKeys() {
    TestServer.Reply forDefault =
        send("POST", "/v1/keys", adminB, "{\"role\":\"admin\",\"tenant\":\"default\"}");
    TestServer.Reply own = send("POST", "/v1/keys", adminB, "{\"role\":\"platform\"}");
    String operatorKeyId =
        send("GET", "/v1/keys", operator, null).json().get("keys").get(0).get("id").asText();

    assertThat(forDefault.status()).as(forDefault.body()).isEqualTo(403);
    assertThat(own.status()).isEqualTo(201);
    assertThat(own.json().get("tenant").asText()).isEqualTo("forum-b");
    send("GET", "/v1/keys", adminB, null)
        .json()
        .get("keys")
        .forEach(key -> assertThat(key.get("tenant").asText()).isEqualTo("forum-b"));
    assertThat(send("DELETE", "/v1/keys/" + operatorKeyId, adminB, null).status()).isEqualTo(404);
    assertThat(send("GET", "/v1/banks", operator, null).status()).isEqualTo(200);
  }

  private static long floodedSignal(String key, String bank, String md5) {
    send("POST", "/v1/banks", key, bank(bank));
    long id =
        send("POST", "/v1/banks/" + bank + "/signals", key, signal(md5, "x", "y"))
            .json()
            .get("id")
            .asLong();
    java.time.Instant now = java.time.Instant.now();
    for (int i = 0; i < 102; i++) {
      server.app().exchangeLoop().flood().observe(bank, id, "item-" + i, "forum-b", now);
    }
    return id;
  }

  private static List<String> heldBanks(String key) {
    List<String> banks = new ArrayList<>();
    send("GET", "/v1/signal-holds", key, null)
        .json()
        .get("holds")
        .forEach(h -> banks.add(h.get("bank").asText()));
    return banks;
  }

  @Test
  void signalHolds_seenOnVisibleBanks_releasedOnlyByWhoMayChangeTheBank() {
    long own = floodedSignal(adminB, "b-flooded", "0123456789abcdef0123456789abc005");
    long shared = floodedSignal(operator, "flooded", "0123456789abcdef0123456789abc006");

    assertThat(heldBanks(adminB)).contains("b-flooded", "flooded");
    assertThat(heldBanks(operator)).contains("flooded").doesNotContain("b-flooded");
    assertThat(send("DELETE", "/v1/signal-holds/b-flooded/" + own, operator, null).status())
        .isEqualTo(404);
    assertThat(send("DELETE", "/v1/signal-holds/flooded/" + shared, adminB, null).status())
        .isEqualTo(403);
    assertThat(send("DELETE", "/v1/signal-holds/b-flooded/" + own, adminB, null).status())
        .isEqualTo(204);
    assertThat(send("DELETE", "/v1/signal-holds/flooded/" + shared, operator, null).status())
        .isEqualTo(204);
  }
}
