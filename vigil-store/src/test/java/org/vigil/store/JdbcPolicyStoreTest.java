package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.vigil.core.policy.PolicyState;
import org.vigil.core.policy.StoredPolicy;

/** Policy versions per tenant (V34), against a real PostgreSQL server. */
class JdbcPolicyStoreTest {

  private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

  private static StoredPolicy draft(String tenant, String version) {
    return new StoredPolicy(
        tenant, version, "p-" + version, PolicyState.DRAFT, "name: x", NOW, "test", null, null);
  }

  @Test
  void activate_perTenant_retiresOnlyThatTenantsLiveVersion() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcPolicyStore store = new JdbcPolicyStore(db);
      assertThat(store.insert(draft("default", "v1"))).isTrue();
      assertThat(store.insert(draft("forum-b", "v1"))).isTrue();
      assertThat(store.insert(draft("forum-b", "v1"))).isFalse();
      assertThat(store.insert(draft("forum-b", "v2"))).isTrue();

      store.activate("default", "v1", NOW);
      store.activate("forum-b", "v1", NOW);
      store.activate("forum-b", "v2", NOW);

      assertThat(store.find("default", "v1").orElseThrow().state()).isEqualTo(PolicyState.LIVE);
      assertThat(store.find("forum-b", "v1").orElseThrow().state()).isEqualTo(PolicyState.RETIRED);
      assertThat(store.find("forum-b", "v2").orElseThrow().state()).isEqualTo(PolicyState.LIVE);
      assertThat(store.find("forum-c", "v1")).isEmpty();
      assertThat(store.activate("forum-c", "v1", NOW)).isFalse();
      assertThat(store.list("forum-b")).extracting(StoredPolicy::version).contains("v1", "v2");
      assertThat(store.listLiveAndShadow())
          .extracting(StoredPolicy::tenant, StoredPolicy::version)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("default", "v1"),
              org.assertj.core.groups.Tuple.tuple("forum-b", "v2"));
    }
  }

  @Test
  void migration_policiesBeforeTenants_belongToDefaultAndOneLivePerTenantHolds() throws Exception {
    String url = TestDatabases.postgresUrl();
    Flyway.configure()
        .dataSource(url, "postgres", "postgres")
        .locations("classpath:db/migration")
        .target("33")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO policies (version, name, state, source, created_at, created_by) VALUES"
              + " ('old', 'old', 'live', 'name: old', now(), 'test')");
    }
    try (Database db = Database.open(url, "postgres", "postgres")) {
      JdbcPolicyStore store = new JdbcPolicyStore(db);

      assertThat(store.find("default", "old").orElseThrow().state()).isEqualTo(PolicyState.LIVE);
      // The database itself refuses a second live version for a tenant.
      assertThatThrownBy(
              () ->
                  db.jdbi()
                      .useHandle(
                          h ->
                              h.execute(
                                  "INSERT INTO policies (tenant, version, name, state, source,"
                                      + " created_at, created_by) VALUES ('default', 'new',"
                                      + " 'new', 'live', 'x', now(), 'test')")))
          .hasMessageContaining("policies_one_live");
    }
  }
}
