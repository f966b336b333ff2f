package org.vigil.core.courtorders.register;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderErrors;
import org.vigil.core.courtorders.CourtOrderRequest;
import org.vigil.core.courtorders.IdentifierNormaliser;
import org.vigil.core.courtorders.IdentifierPseudonymiser;
import org.vigil.core.courtorders.IdentifierType;
import org.vigil.core.courtorders.PhoneNumberNormaliser;
import org.vigil.core.error.VigilException;

/**
 * Checks a {@link CourtOrderRequest} field by field and turns it into a {@link CourtOrder} whose
 * subject holds pseudonyms only. Every refusal names the JSON field, so a clerk can fix the one
 * wrong value.
 */
public final class CourtOrderRequestValidator {

  /** Upper bound on identifiers per order, so one request cannot exhaust memory. */
  static final int MAX_IDENTIFIERS = 1_000;

  private static final int MAX_TEXT = 500;
  private static final int MAX_NOTES = 4_000;

  private final IdentifierNormaliser normaliser;
  private final IdentifierPseudonymiser pseudonymiser;

  public CourtOrderRequestValidator(
      IdentifierNormaliser normaliser, IdentifierPseudonymiser pseudonymiser) {
    this.normaliser = normaliser;
    this.pseudonymiser = pseudonymiser;
  }

  public CourtOrder validate(CourtOrderRequest request, String id, Instant now, String actor) {
    if (request == null) {
      throw CourtOrderErrors.invalid("body", "is missing");
    }
    String court = requiredText(request.court(), "court", MAX_TEXT);
    String caseRef = requiredText(request.caseRef(), "caseRef", MAX_TEXT);
    String legalBasis = optionalText(request.legalBasis(), "legalBasis", MAX_TEXT);
    String notes = optionalText(request.notes(), "notes", MAX_NOTES);
    LocalDate issuedOn = date(request.issuedOn(), "issuedOn");
    Instant startsAt = instant(request.startsAt(), "startsAt");
    Instant endsAt = instant(request.endsAt(), "endsAt");
    if (!endsAt.isAfter(startsAt)) {
      throw CourtOrderErrors.invalid("endsAt", "must be after startsAt");
    }
    if (!endsAt.isAfter(now)) {
      throw CourtOrderErrors.invalid("endsAt", "lies in the past: the order has ended");
    }
    if (issuedOn.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1))) {
      throw CourtOrderErrors.invalid("issuedOn", "lies in the future");
    }
    Set<ServiceCategory> scope = scope(request.scope());
    String phoneCountry = request.phoneCountry();
    if (phoneCountry != null && !PhoneNumberNormaliser.knowsCountry(phoneCountry)) {
      throw CourtOrderErrors.invalid(
          "phoneCountry", "has no known numbering plan: " + phoneCountry);
    }
    Map<IdentifierType, Set<String>> subject = subject(request.subject(), phoneCountry);
    return new CourtOrder(
        id,
        court,
        caseRef,
        legalBasis,
        issuedOn,
        startsAt,
        endsAt,
        scope,
        subject,
        notes,
        now,
        actor,
        null,
        null,
        null);
  }

  private Map<IdentifierType, Set<String>> subject(
      Map<IdentifierType, List<String>> raw, String phoneCountry) {
    if (raw == null) {
      throw CourtOrderErrors.invalid("subject", "is required");
    }
    Map<IdentifierType, Set<String>> subject = new EnumMap<>(IdentifierType.class);
    int total = 0;
    for (Map.Entry<IdentifierType, List<String>> entry : raw.entrySet()) {
      IdentifierType type = entry.getKey();
      List<String> values = entry.getValue();
      if (values == null || values.isEmpty()) {
        continue;
      }
      total += values.size();
      if (total > MAX_IDENTIFIERS) {
        throw CourtOrderErrors.invalid(
            "subject", "names more than " + MAX_IDENTIFIERS + " identifiers");
      }
      Set<String> pseudonyms = new LinkedHashSet<>();
      for (int i = 0; i < values.size(); i++) {
        String field = "subject." + type.subjectField() + "[" + i + "]";
        String normal =
            type == IdentifierType.PHONE && phoneCountry != null
                ? normaliser.normalise(type, values.get(i), field, phoneCountry)
                : normaliser.normalise(type, values.get(i), field);
        pseudonyms.add(pseudonymiser.pseudonymise(type, normal));
      }
      subject.put(type, pseudonyms);
    }
    if (subject.isEmpty()) {
      throw CourtOrderErrors.invalid("subject", "names no identifier");
    }
    return subject;
  }

  private static Set<ServiceCategory> scope(List<String> raw) {
    if (raw == null || raw.isEmpty()) {
      throw CourtOrderErrors.invalid("scope", "names no service category");
    }
    Set<ServiceCategory> scope = EnumSet.noneOf(ServiceCategory.class);
    for (int i = 0; i < raw.size(); i++) {
      try {
        scope.add(ServiceCategory.fromWire(raw.get(i)));
      } catch (IllegalArgumentException e) {
        throw VigilException.invalid("scope[" + i + "]", e.getMessage());
      }
    }
    return scope;
  }

  private static String requiredText(String value, String field, int max) {
    String text = optionalText(value, field, max);
    if (text == null) {
      throw CourtOrderErrors.invalid(field, "is required");
    }
    return text;
  }

  private static String optionalText(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.strip();
    if (text.length() > max) {
      throw CourtOrderErrors.invalid(field, "is longer than " + max + " characters");
    }
    return text;
  }

  private static LocalDate date(String value, String field) {
    if (value == null || value.isBlank()) {
      throw CourtOrderErrors.invalid(field, "is required");
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw CourtOrderErrors.invalid(field, "is not an ISO date such as 2026-01-15");
    }
  }

  /** An instant, an offset date-time, or a date (taken as midnight UTC). */
  static Instant instant(String value, String field) {
    if (value == null || value.isBlank()) {
      throw CourtOrderErrors.invalid(field, "is required");
    }
    String text = value.strip();
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      // Microseconds: the precision both databases keep.
      return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      throw CourtOrderErrors.invalid(
          field, "is not an ISO instant such as 2026-02-01T00:00:00Z (or a date, read as UTC)");
    }
  }
}
