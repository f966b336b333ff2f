package org.vigil.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.vigil.core.json.Json;

/**
 * Reads request bodies and writes JSON responses. A body is read with a hard size limit before it
 * is parsed, and every Jackson failure becomes a precise 400 (unparseable) or 422 (parseable but
 * wrong: unknown field, wrong type) naming the field.
 */
public final class JsonBodies {

  /**
   * The limit for small JSON request bodies (scans sent as hashes, decide): 64 KB, refused while
   * reading, so a large body is never buffered whole (security review, issue 15 #5).
   */
  public static final long MAX_JSON_BODY = 64 * 1024;

  private JsonBodies() {}

  /** Reads at most {@code limit} bytes of the body; a longer body is a 413. */
  public static byte[] readLimited(Context ctx, long limit) {
    return readLimited(ctx.contentLength(), ctx::bodyInputStream, limit);
  }

  /**
   * As {@link #readLimited(Context, long)}, for a body of {@code declared} bytes (-1 when the
   * request does not say) opened by {@code body}.
   */
  static byte[] readLimited(long declared, Supplier<InputStream> body, long limit) {
    if (declared > limit) {
      // Read (and drop) a modestly oversized body before refusing it: answering and closing while
      // the client is still sending makes its TCP stack discard our 413 on the reset, so the
      // client sees a broken connection instead of the reason. Larger bodies are cut off at once.
      if (declared <= DRAIN_LIMIT) {
        drain(body, declared);
      }
      throw ApiException.tooLarge(limit);
    }
    try (InputStream in = body.get()) {
      byte[] bytes = declared >= 0 ? readDeclared(in, (int) declared) : readUpTo(in, limit);
      if (in.read() != -1) {
        throw ApiException.tooLarge(limit);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read request body", e);
    }
  }

  /**
   * A body of a declared length, into an array of that length. Why: {@code readNBytes(limit)} reads
   * through a 16 KB buffer whatever the body's size, a quarter of the bytes a scan request
   * allocated (docs/store.md, "Allocation per request").
   */
  private static byte[] readDeclared(InputStream in, int declared) throws IOException {
    byte[] bytes = new byte[declared];
    int read = in.readNBytes(bytes, 0, declared);
    return read == declared ? bytes : Arrays.copyOf(bytes, read);
  }

  private static byte[] readUpTo(InputStream in, long limit) throws IOException {
    return in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 16));
  }

  /** The largest refused body still read to its end so that the client gets the 413. */
  static final long DRAIN_LIMIT = 1024 * 1024;

  private static void drain(Supplier<InputStream> body, long declared) {
    try (InputStream in = body.get()) {
      in.skipNBytes(Math.min(declared, DRAIN_LIMIT));
    } catch (IOException e) {
      // The client went away: nothing to answer anyway.
    }
  }

  public static <T> T read(Context ctx, Class<T> type, long limit) {
    return parse(readLimited(ctx, limit), type);
  }

  public static <T> T parse(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw ApiException.malformedJson("request body is empty; expected a JSON object");
    }
    try {
      T value = Json.MAPPER.readValue(body, type);
      if (value == null) {
        throw ApiException.malformedJson("expected a JSON object, got null");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new ApiException(
          422, "unknown_field", "unknown field '" + e.getPropertyName() + "'", path(e));
    } catch (InvalidFormatException e) {
      throw new ApiException(422, "invalid_field", "value has the wrong format", path(e));
    } catch (MismatchedInputException e) {
      String field = path(e);
      if (field == null) {
        throw ApiException.malformedJson("expected a JSON object");
      }
      throw new ApiException(422, "invalid_field", "value has the wrong type", field);
    } catch (StreamReadException e) {
      throw ApiException.malformedJson("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ApiException api) {
        throw api;
      }
      if (cause instanceof StreamReadException read) {
        throw ApiException.malformedJson(
            "request body is not valid JSON: " + read.getOriginalMessage());
      }
      throw new ApiException(
          422,
          "invalid_field",
          cause == null ? e.getOriginalMessage() : cause.getMessage(),
          path(e));
    } catch (JsonProcessingException e) {
      throw ApiException.malformedJson("request body is not valid JSON");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String path(JsonMappingException e) {
    if (e.getPath() == null || e.getPath().isEmpty()) {
      return null;
    }
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  public static void write(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(bytes(body));
  }

  /** {@code body} as JSON; a body Jackson cannot write is a bug (500). */
  static byte[] bytes(Object body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response is not serialisable", e);
    }
  }
}
