package org.vigil.core.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.ApiKeys;

/** How each tenant's ncii bank is named, and which bank names are kept for which tenant. */
class NciiBankingTest {

  private static final NciiBanking NCII = new NciiBanking("ncii", null, null, Clock.systemUTC());

  @Test
  void bankFor_eachTenant_ownNameUnderThePrefix() {
    assertThat(NCII.bankFor("default")).isEqualTo("ncii-default");
    assertThat(NCII.bankFor("forum-b")).isEqualTo("ncii-forum-b");
  }

  @Test
  void bankFor_longestTenantAndPrefix_validBankNameDistinctPerTenant() {
    String prefix = "p".repeat(NciiBanking.MAX_PREFIX);
    String a = "t".repeat(63) + "a";
    String b = "t".repeat(63) + "b";
    String nameA = NciiBanking.bankFor(prefix, a);
    String nameB = NciiBanking.bankFor(prefix, b);
    assertThat(nameA).hasSize(64).startsWith(prefix + "-ttt").matches("[a-z0-9][a-z0-9_-]{0,63}");
    assertThat(nameB).hasSize(64).isNotEqualTo(nameA);
    assertThat(nameA).isEqualTo(NciiBanking.bankFor(prefix, a)); // stable
    assertThat(ApiKeys.TENANT.matcher(a).matches()).isTrue();
  }

  @Test
  void refuseName_underThePrefix_keptForItsTenantPrivateOrTheOperatorShared() {
    assertThat(NCII.refuseName("ncii-forum-b", "forum-b")).isNull();
    assertThat(NCII.refuseName("ncii-forum-b", null)).isNull(); // shared, by the operator
    assertThat(NCII.refuseName("ncii-forum-b", "forum-c")).contains("'ncii-forum-c'");
    assertThat(NCII.refuseName("ncii-forum-b", "default")).isNotNull();
    assertThat(NCII.refuseName("ncii", "forum-c")).isNull();
    assertThat(NCII.refuseName("nciix-1", "forum-c")).isNull();
    assertThat(NciiBanking.OFF.refuseName("ncii-forum-b", "forum-c")).isNull();
    String longTenant = "t".repeat(64);
    assertThat(NCII.refuseName(NCII.bankFor(longTenant), longTenant)).isNull();
  }

  @Test
  void subscriptionId_longestTenant_fitsTheOutboxAndStaysItsOwn() {
    assertThat(NciiBanking.subscriptionId("forum-b")).isEqualTo("sub_ncii_bank_forum-b");
    String a = "t".repeat(63) + "a";
    String b = "t".repeat(63) + "b";
    assertThat(NciiBanking.subscriptionId(a))
        .hasSize(org.vigil.core.actions.OutboxSubscribers.MAX_ID)
        .startsWith("sub_ncii_bank_")
        .isNotEqualTo(NciiBanking.subscriptionId(b));
  }
}
