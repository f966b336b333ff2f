package org.vigil.core.banks.exchanges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.evidence.SealedItem;
import org.vigil.core.json.Json;

/**
 * Seals and opens exchange credentials. Stored secrets use the evidence vault's envelope scheme
 * (AES-256-GCM, a random data key per secret wrapped by the exchanges master key from its own key
 * file) with {@code exchange:NAME} bound as associated data, so a sealed secret copied onto another
 * exchange's row does not open. A file reference is read at every fetch: {@code {"user": ...,
 * "password": ...}} or {@code {"token": ...}} as JSON.
 */
public final class ExchangeSecrets {

  private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {};
  private static final long MAX_FILE_BYTES = 64 * 1024;

  private final EnvelopeCipher cipher;
  private final ExchangeStore store;

  public ExchangeSecrets(EnvelopeCipher cipher, ExchangeStore store) {
    this.cipher = cipher;
    this.store = store;
  }

  public SealedItem seal(String exchange, Credentials credentials) {
    try {
      return cipher.seal(itemId(exchange), Json.MAPPER.writeValueAsBytes(credentials.fields()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode credentials", e);
    }
  }

  /**
   * The exchange's credentials, or empty when it has none.
   *
   * @throws ExchangeException (configuration) when they cannot be read or opened
   */
  public Optional<Credentials> credentials(ExchangeConfig config) {
    return switch (config.credentials().kind()) {
      case NONE -> Optional.empty();
      case STORED -> Optional.of(open(config.name()));
      case FILE -> Optional.of(readFile(config));
    };
  }

  private Credentials open(String exchange) {
    SealedItem sealed =
        store
            .sealedCredentials(exchange)
            .orElseThrow(
                () ->
                    new ExchangeException(
                        ExchangeException.Kind.CONFIGURATION,
                        "the exchange's stored credentials are missing"));
    byte[] plain;
    try {
      plain = cipher.open(itemId(exchange), sealed);
    } catch (RuntimeException e) {
      throw new ExchangeException(
          ExchangeException.Kind.CONFIGURATION,
          "the stored credentials cannot be opened (sealed under another exchanges key?)");
    }
    return parse(plain, "the stored credentials");
  }

  private static Credentials readFile(ExchangeConfig config) {
    var file = config.credentials().file();
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ExchangeException(
            ExchangeException.Kind.CONFIGURATION, "credentials file " + file + " is too large");
      }
      return parse(Files.readAllBytes(file), "credentials file " + file);
    } catch (IOException e) {
      throw new ExchangeException(
          ExchangeException.Kind.CONFIGURATION,
          "cannot read credentials file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Parses a credentials object; the error never quotes the content. */
  static Credentials parse(byte[] json, String where) {
    try {
      Map<String, String> fields =
          Json.MAPPER.readValue(new String(json, StandardCharsets.UTF_8), FIELDS);
      if (fields == null || fields.isEmpty()) {
        throw new ExchangeException(
            ExchangeException.Kind.CONFIGURATION, where + " hold no fields");
      }
      return new Credentials(fields);
    } catch (JsonProcessingException e) {
      throw new ExchangeException(
          ExchangeException.Kind.CONFIGURATION,
          where
              + " must be a JSON object of strings, e.g. {\"user\":\"...\",\"password\":\"...\"}");
    }
  }

  private static String itemId(String exchange) {
    return "exchange:" + exchange;
  }
}
