package org.vigil.core.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.json.Json;

/** The test suite's validator agrees with the expected results of the shared statements. */
class SorValidatorTest {

  private final SorValidator validator = new SorValidator();

  static JsonNode resource(String path) {
    try (InputStream in = SorValidatorTest.class.getResourceAsStream("/dsa/" + path)) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void validate_everyValidExample_noErrors() {
    JsonNode expected = resource("statements/expected-results.json").get("valid");
    assertThat(expected.size()).isEqualTo(6);
    expected
        .fieldNames()
        .forEachRemaining(
            file ->
                assertThat(validator.validate(resource("statements/valid/" + file)))
                    .as(file)
                    .isEmpty());
  }

  @Test
  void validate_everyInvalidExample_reportsTheExpectedKeys() {
    JsonNode expected = resource("statements/expected-results.json").get("invalid");
    int checked = 0;
    for (Map.Entry<String, JsonNode> entry : expected.properties()) {
      if (!entry.getKey().startsWith("i")) {
        continue;
      }
      Map<String, List<String>> errors =
          validator.validate(resource("statements/invalid/" + entry.getKey()));
      List<String> keys = new java.util.ArrayList<>();
      entry.getValue().get("errors").fieldNames().forEachRemaining(keys::add);
      assertThat(errors.keySet()).as(entry.getKey()).containsExactlyInAnyOrderElementsOf(keys);
      checked++;
    }
    assertThat(checked).isEqualTo(10);
  }
}
