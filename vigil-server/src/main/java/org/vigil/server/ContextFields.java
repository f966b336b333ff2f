package org.vigil.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's free-form {@code context} object, bounded WHILE it is parsed: at most {@link
 * #MAX_KEYS} flat fields, keys of at most {@link #MAX_KEY} characters, string values of at most
 * {@link #MAX_VALUE}. The deserializer stops at the first field over a limit instead of building
 * the whole map and checking it afterwards (security review, issue 15 #5: a million keys exhausted
 * the heap before the old after-parse check ran).
 */
@JsonDeserialize(using = ContextFields.Deserializer.class)
public final class ContextFields {

  public static final int MAX_KEYS = 32;
  public static final int MAX_KEY = 128;
  public static final int MAX_VALUE = 1024;

  private static final ContextFields EMPTY = new ContextFields(Map.of());

  private final Map<String, Object> fields;

  private ContextFields(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** The fields in the order given; empty when none were sent. */
  public static Map<String, Object> of(ContextFields context) {
    return context == null ? Map.of() : context.fields;
  }

  /** Parses a context sent on its own (the multipart form field). */
  public static Map<String, Object> parse(byte[] json) {
    return of(JsonBodies.parse(json, ContextFields.class));
  }

  static final class Deserializer extends JsonDeserializer<ContextFields> {
    @Override
    public ContextFields deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return EMPTY;
      }
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw ApiException.invalid("context", "context must be a JSON object");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        if (fields.size() == MAX_KEYS) {
          throw ApiException.invalid("context", "context has more than " + MAX_KEYS + " fields");
        }
        if (key.length() > MAX_KEY) {
          throw ApiException.invalid(
              "context", "a context key is longer than " + MAX_KEY + " characters");
        }
        String field = "context." + key;
        JsonToken value = p.nextToken();
        switch (value) {
          case VALUE_STRING -> {
            if (p.getTextLength() > MAX_VALUE) {
              throw ApiException.invalid(
                  field, "context value is longer than " + MAX_VALUE + " characters");
            }
            fields.put(key, p.getText());
          }
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> fields.put(key, p.getNumberValue());
          case VALUE_TRUE, VALUE_FALSE -> fields.put(key, p.getBooleanValue());
          case VALUE_NULL -> fields.put(key, null);
          default ->
              throw ApiException.invalid(
                  field, "context values must be strings, numbers or booleans");
        }
      }
      return new ContextFields(Collections.unmodifiableMap(fields));
    }

    @Override
    public ContextFields getNullValue(DeserializationContext ctxt) {
      return EMPTY;
    }
  }
}
