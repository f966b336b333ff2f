package org.vigil.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration Vigil uses everywhere, for JSON and for its YAML data files:
 * ISO-8601 dates, unknown fields rejected (a misspelt field must not be silently ignored in a
 * safety decision or a law's data), stable key order (the audit chain hashes canonical JSON).
 */
public final class Json {

  public static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

  /** The same configuration for YAML documents: rule sets, catalogues, policies. */
  public static final ObjectMapper YAML = configure(JsonMapper.builder(new YAMLFactory())).build();

  private static JsonMapper.Builder configure(JsonMapper.Builder builder) {
    return builder
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  }

  private Json() {}
}
