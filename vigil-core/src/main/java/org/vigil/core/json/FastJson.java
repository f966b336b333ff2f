package org.vigil.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;

/**
 * JSON written exactly as {@link Json#MAPPER} writes it (same bytes: keys of maps sorted, nulls
 * kept, Jackson's escaping), for the few shapes the hot paths produce on every request: maps and
 * lists of strings, whole numbers, booleans, nulls and enum constants, raw JSON already written,
 * and the records that implement {@link Writable}. Anything else makes the whole value go through
 * Jackson, so the answer is the same either way; only the cost differs.
 *
 * <p>Why: a scan or decide call wrote JSON three to four times (the audit entry's canonical
 * details, the stored body, the answer), and for such small documents most of Jackson's time is its
 * per-call set-up (generator, buffers, serializer look-ups) and copying every map into a {@code
 * TreeMap} to sort its keys. {@code FastJsonTest} checks the bytes against Jackson's on generated
 * values; {@code DecisionJsonCpuTime} in vigil-bench measures both.
 */
public final class FastJson {

  /** A value that can write its own JSON, as {@link Json#MAPPER} would write it. */
  public interface Writable {
    /**
     * Appends this value's JSON to {@code out}; false when some part of it is not of a shape {@link
     * FastJson} writes (the caller then discards {@code out} and asks Jackson).
     */
    boolean writeJson(Out out);
  }

  private FastJson() {}

  /**
   * The JSON of each constant of an enum, as Jackson writes it (its {@code @JsonValue} or its
   * name), asked of Jackson once per enum; null for a constant Jackson cannot write.
   */
  private static final ClassValue<String[]> ENUMS =
      new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
          Object[] constants = type.getEnumConstants();
          String[] json = new String[constants.length];
          for (int i = 0; i < constants.length; i++) {
            try {
              json[i] = Json.MAPPER.writeValueAsString(constants[i]);
            } catch (JsonProcessingException e) {
              json[i] = null;
            }
          }
          return json;
        }
      };

  /** {@code value} as JSON text. */
  public static String string(Object value) {
    Out out = new Out();
    if (out.value(value)) {
      return out.toString();
    }
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value is not serialisable", e);
    }
  }

  /**
   * {@code value} as UTF-8 JSON. Jackson's byte output escapes characters outside the Basic
   * Multilingual Plane (and lone surrogates) as {@code \\uXXXX} pairs where its text output keeps
   * them, so a value with any surrogate goes through Jackson.
   */
  public static byte[] bytes(Object value) {
    Out out = new Out();
    if (out.value(value) && !out.surrogates) {
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Json.MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value is not serialisable", e);
    }
  }

  /**
   * Where JSON is written: a character buffer and the comma state of the objects being written.
   * Every method that returns a boolean returns false when it met something it does not write.
   */
  public static final class Out {

    private final StringBuilder text = new StringBuilder(256);
    // One bit per open object: set while its next field is its first. 64 levels are plenty for
    // the shapes written here; deeper values go through Jackson.
    private long firstField;
    private int depth;
    // Whether any string or raw text written holds a UTF-16 surrogate (see bytes).
    private boolean surrogates;

    /** Appends any supported value; false if {@code value} (or a part of it) is not supported. */
    public boolean value(Object value) {
      if (value == null) {
        text.append("null");
        return true;
      } else if (value instanceof String s) {
        string(s);
        return true;
      } else if (value instanceof Boolean b) {
        text.append(b.booleanValue());
        return true;
      } else if (value instanceof Integer || value instanceof Long) {
        text.append(((Number) value).longValue());
        return true;
      } else if (value instanceof Writable w) {
        return w.writeJson(this);
      } else if (value instanceof Map<?, ?> map) {
        return map(map);
      } else if (value instanceof Collection<?> list) {
        return list(list);
      } else if (value instanceof Enum<?> constant) {
        String json = ENUMS.get(constant.getDeclaringClass())[constant.ordinal()];
        if (json == null) {
          return false;
        }
        raw(json);
        return true;
      } else if (value instanceof RawValue raw && raw.rawValue() instanceof String json) {
        raw(json);
        return true;
      }
      return false;
    }

    /**
     * A map with its keys in natural order, as Jackson's ORDER_MAP_ENTRIES_BY_KEYS writes it (a
     * {@link SortedMap} in its own order, as Jackson leaves it).
     */
    private boolean map(Map<?, ?> map) {
      int size = map.size();
      if (size == 0) {
        text.append("{}");
        return true;
      }
      String[] keys = new String[size];
      int i = 0;
      for (Object key : map.keySet()) {
        if (!(key instanceof String s) || i == size) {
          return false;
        }
        keys[i++] = s;
      }
      if (i != size) {
        return false;
      }
      // Jackson keeps a sorted map's own order (its comparator may not be the natural one).
      if (size > 1 && !(map instanceof SortedMap<?, ?>)) {
        Arrays.sort(keys);
      }
      if (!beginObject()) {
        return false;
      }
      for (String key : keys) {
        name(key);
        if (!value(map.get(key))) {
          return false;
        }
      }
      endObject();
      return true;
    }

    private boolean list(Collection<?> list) {
      text.append('[');
      boolean first = true;
      for (Object element : list) {
        if (!first) {
          text.append(',');
        }
        first = false;
        if (!value(element)) {
          return false;
        }
      }
      text.append(']');
      return true;
    }

    /** Opens an object; false when nested too deep. */
    public boolean beginObject() {
      if (depth == 64) {
        return false;
      }
      firstField |= 1L << depth;
      depth++;
      text.append('{');
      return true;
    }

    public void endObject() {
      depth--;
      text.append('}');
    }

    /** The name of the next field of the innermost open object. */
    public void name(String name) {
      long bit = 1L << (depth - 1);
      if ((firstField & bit) != 0) {
        firstField &= ~bit;
      } else {
        text.append(',');
      }
      string(name);
      text.append(':');
    }

    /** A field whose value is any supported value. */
    public boolean field(String name, Object value) {
      name(name);
      return value(value);
    }

    /** A whole number. */
    public void number(long value) {
      text.append(value);
    }

    /** A floating-point number as Jackson writes a double; false when it is not finite. */
    public boolean number(double value) {
      if (!Double.isFinite(value)) {
        return false;
      }
      text.append(Double.toString(value));
      return true;
    }

    /** JSON text written elsewhere (by Jackson), appended as it is. */
    public void raw(String json) {
      if (!surrogates) {
        surrogates = hasSurrogate(json);
      }
      text.append(json);
    }

    private static boolean hasSurrogate(String s) {
      for (int i = 0, n = s.length(); i < n; i++) {
        if (Character.isSurrogate(s.charAt(i))) {
          return true;
        }
      }
      return false;
    }

    /** A string, escaped as Jackson escapes it. */
    public void string(String s) {
      text.append('"');
      int n = s.length();
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == '"' || c == '\\') {
          surrogates |= hasSurrogate(s);
          text.append(JsonStringEncoder.getInstance().quoteAsString(s));
          text.append('"');
          return;
        } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
          surrogates = true;
        }
      }
      text.append(s);
      text.append('"');
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
