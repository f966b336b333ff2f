package org.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

  private static final byte[] BODY =
      "{\"hashes\":{\"pdq\":\"f8f8f0cee0f4a84f06370a22038f63f0\"}}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void aBodyOfDeclaredLengthIsReadWhole() {
    byte[] read = JsonBodies.readLimited(BODY.length, () -> new ByteArrayInputStream(BODY), 1024);

    assertThat(read).isEqualTo(BODY);
  }

  @Test
  void aBodyOfUnknownLengthIsReadUpToTheLimit() {
    byte[] read = JsonBodies.readLimited(-1, () -> new ByteArrayInputStream(BODY), 1024);

    assertThat(read).isEqualTo(BODY);
  }

  @Test
  void aBodyEndingBeforeItsDeclaredLengthKeepsWhatArrived() {
    byte[] read =
        JsonBodies.readLimited(BODY.length + 10, () -> new ByteArrayInputStream(BODY), 1024);

    assertThat(read).isEqualTo(BODY);
  }

  @Test
  void moreThanDeclaredIsRefused() {
    assertThatThrownBy(() -> JsonBodies.readLimited(10, () -> new ByteArrayInputStream(BODY), 1024))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void anUndeclaredBodyOverTheLimitIsRefused() {
    assertThatThrownBy(() -> JsonBodies.readLimited(-1, () -> new ByteArrayInputStream(BODY), 16))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("16");
  }

  @Test
  void aDeclaredBodyOverTheLimitIsRefusedBeforeReading() {
    assertThatThrownBy(
            () -> JsonBodies.readLimited(BODY.length, () -> new ByteArrayInputStream(BODY), 16))
        .isInstanceOf(ApiException.class);
  }
}
