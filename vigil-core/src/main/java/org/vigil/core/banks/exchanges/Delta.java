package org.vigil.core.banks.exchanges;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.vigil.core.banks.SignalType;

/** One change an exchange reports: a signal it holds now, or one it withdrew. */
public sealed interface Delta permits Delta.Upsert, Delta.Delete {

  /**
   * The exchange holds this signal (new, or changed metadata). Applying it again changes nothing.
   *
   * @param value the hash as the exchange sent it; normalised (lowercase hex) when applied
   * @param externalId the exchange's id for the entry (several signals may share one: an NCMEC
   *     entry carries an MD5 and a PDQ); may be null
   * @param categories the exchange's labels, e.g. NCMEC's {@code A1}, ThreatExchange's tags
   * @param tags free-form labels kept with the provenance
   * @param fetchedAt when the adapter read it
   * @param opinions what the exchange's members said about the hash (a StopNCII platform's {@code
   *     NotBlocked}, a ThreatExchange owner's {@code NON_MALICIOUS}); recorded as the exchange's
   *     opinions, once each, and read by the negative banks
   */
  record Upsert(
      SignalType type,
      String value,
      String externalId,
      List<String> categories,
      List<String> tags,
      Instant fetchedAt,
      List<Opinion> opinions)
      implements Delta {
    public Upsert {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(fetchedAt, "fetchedAt");
      categories = categories == null ? List.of() : List.copyOf(categories);
      tags = tags == null ? List.of() : List.copyOf(tags);
      opinions = opinions == null ? List.of() : List.copyOf(opinions);
    }

    /** A signal the exchange holds, with no member's opinion on it. */
    public Upsert(
        SignalType type,
        String value,
        String externalId,
        List<String> categories,
        List<String> tags,
        Instant fetchedAt) {
      this(type, value, externalId, categories, tags, fetchedAt, List.of());
    }
  }

  /**
   * The exchange withdrew a signal: by its external id (every signal with that id from this
   * exchange), or by value. The signal leaves the bank when no other exchange still holds it and it
   * was put there by an exchange (a hash an operator added by hand stays). Deleting something
   * absent changes nothing.
   *
   * @param type with {@code value}; null when deleting by external id
   */
  record Delete(String externalId, SignalType type, String value) implements Delta {
    public Delete {
      if (externalId == null && (type == null || value == null)) {
        throw new IllegalArgumentException("a deletion names an external id or a type and value");
      }
    }

    public static Delete byExternalId(String externalId) {
      return new Delete(Objects.requireNonNull(externalId), null, null);
    }

    public static Delete byValue(SignalType type, String value) {
      return new Delete(null, type, value);
    }
  }
}
