package org.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Which clients get a gzip answer, and that it decodes to the answer. */
class GzipAnswersTest {

  @Test
  void accepted_codingsAndWeights() {
    assertThat(GzipAnswers.accepted("gzip")).isTrue();
    assertThat(GzipAnswers.accepted("gzip, deflate, br")).isTrue();
    assertThat(GzipAnswers.accepted("br;q=1.0, GZIP;q=0.5")).isTrue();
    assertThat(GzipAnswers.accepted("x-gzip")).isTrue();
    assertThat(GzipAnswers.accepted(null)).isFalse();
    assertThat(GzipAnswers.accepted("")).isFalse();
    assertThat(GzipAnswers.accepted("identity")).isFalse();
    assertThat(GzipAnswers.accepted("br, deflate")).isFalse();
    assertThat(GzipAnswers.accepted("gzip;q=0")).isFalse();
    assertThat(GzipAnswers.accepted("gzip; q=0.000, br")).isFalse();
    assertThat(GzipAnswers.accepted("gzipped")).isFalse();
  }

  @Test
  void gzip_largeBody_decodesToIt() throws IOException {
    byte[] body = ("{\"note\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(GzipAnswers.worthIt(body)).isTrue();
    assertThat(GzipAnswers.worthIt(new byte[GzipAnswers.MIN_SIZE - 1])).isFalse();
    byte[] compressed = GzipAnswers.gzip(body);
    assertThat(compressed.length).isLessThan(body.length / 10);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      assertThat(in.readAllBytes()).isEqualTo(body);
    }
  }
}
