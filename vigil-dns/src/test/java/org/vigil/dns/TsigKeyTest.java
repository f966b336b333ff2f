package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TsigKeyTest {

  @Test
  void parseBindClause_tsigKeygenOutput_roundTrips() {
    String text =
        "key \"vigil-rpz\" {\n\talgorithm hmac-sha256;\n\tsecret"
            + " \"q4m5vXHOkg9CHfWuS7M4a1ohUJvvFnV2eAaTzt0cCLQ=\";\n};\n";
    TsigKey key = TsigKey.parseBindClause(text);
    assertThat(key.name().toString()).isEqualTo("vigil-rpz.");
    assertThat(key.algorithm()).isEqualTo("hmac-sha256");
    assertThat(TsigKey.parseBindClause(key.bindClause())).isEqualTo(key);
  }

  @Test
  void parseBindClause_garbage_clearError() {
    assertThatThrownBy(() -> TsigKey.parseBindClause("secret=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no key clause");
    assertThatThrownBy(
            () ->
                TsigKey.parseBindClause(
                    "key \"k\" { algorithm hmac-sha256; secret \"c2hvcnQ=\"; };"))
        .hasMessageContaining("shorter than 16 bytes");
  }

  @Test
  void derive_sameLabel_sameKeyOtherLabel_otherSecret() {
    TsigKey master = TsigKey.generate("vigil-rpz");
    TsigKey a = master.derive("r01");
    assertThat(a.name().toString()).isEqualTo("r01.vigil-rpz.");
    assertThat(master.derive("r01")).isEqualTo(a);
    assertThat(master.derive("r02").secretBase64()).isNotEqualTo(a.secretBase64());
    assertThat(TsigKey.generate("vigil-rpz").derive("r01").secretBase64())
        .isNotEqualTo(a.secretBase64());
  }

  @Test
  void toString_neverShowsSecret() {
    TsigKey key = TsigKey.generate("vigil-rpz");
    assertThat(key.toString()).doesNotContain(key.secretBase64());
  }
}
