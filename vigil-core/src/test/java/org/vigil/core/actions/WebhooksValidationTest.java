package org.vigil.core.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.error.VigilException;

class WebhooksValidationTest {

  @Test
  void validUrl_httpAndHttps_areAccepted() {
    assertThat(Webhooks.validUrl("https://platform.example/hooks?x=1"))
        .isEqualTo(URI.create("https://platform.example/hooks?x=1"));
    assertThat(Webhooks.validUrl("http://127.0.0.1:8080/h")).hasHost("127.0.0.1");
  }

  @Test
  void validUrl_otherSchemesOrNoHost_areInvalidNamingTheUrlField() {
    for (String bad :
        List.of(
            "ftp://platform.example/h",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "hooks",
            "https://",
            "https://user:pw@platform.example/h",
            "https://platform.example/h#frag",
            "http://exa mple.com/",
            "https://platform.example/" + "x".repeat(2048))) {
      assertThatThrownBy(() -> Webhooks.validUrl(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              VigilException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(VigilException.Kind.INVALID);
                assertThat(e.field()).isEqualTo("url");
              });
    }
  }

  @Test
  void validEvents_starAmongOthers_meansEverything() {
    assertThat(Webhooks.validEvents(List.of("decision.created", "*"))).containsExactly("*");
    assertThat(Webhooks.validEvents(List.of("decision.created", "decision.created")))
        .containsExactly("decision.created");
  }

  @Test
  void validEvents_emptyOrMalformed_areInvalidNamingTheEventsField() {
    for (List<String> bad :
        List.of(
            List.<String>of(),
            List.of("Decision.Created"),
            List.of("decision..created"),
            List.of("a b"),
            Arrays.asList((String) null))) {
      assertThatThrownBy(() -> Webhooks.validEvents(bad))
          .as(String.valueOf(bad))
          .isInstanceOfSatisfying(
              VigilException.class, e -> assertThat(e.field()).isEqualTo("events"));
    }
    assertThatThrownBy(() -> Webhooks.validEvents(null)).isInstanceOf(VigilException.class);
  }

  @Test
  void secretKey_generatedSecret_roundTripsAndShortKeysAreRefused() {
    String secret = WebhookSecret.generate();
    assertThat(secret).startsWith("whsec_");
    assertThat(WebhookSecret.key(secret)).hasSize(WebhookSecret.GENERATED_BYTES);
    assertThatThrownBy(() -> WebhookSecret.key("whsec_c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("24 to 64 bytes");
    assertThatThrownBy(() -> WebhookSecret.key("sk_abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSecret.key("whsec_!!!"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
