package org.vigil.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  @Test
  void header_knownVector_matchesOpenssl() {
    // Expected value computed outside Java, as a receiver would:
    //   printf '1795428000.{"a":1}' | openssl dgst -sha256 -hmac
    // 'test-secret-0123456789abcdef0123456789'
    String header =
        WebhookSignature.header(
            "test-secret-0123456789abcdef0123456789",
            1_795_428_000L,
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    assertThat(header)
        .isEqualTo("v1=be7ccfb7b0955baaa0edebd3a28ef04a956f3278df4c1c6b3c48785c767ff350");
  }

  @Test
  void header_emptySecret_isRefused() {
    assertThatThrownBy(() -> WebhookSignature.header("", 1, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
