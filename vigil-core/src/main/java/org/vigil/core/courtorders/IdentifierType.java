package org.vigil.core.courtorders;

import java.util.Locale;

/**
 * The kinds of personal identifier a court order may name. Each has its own normalisation and its
 * own prefix in the HMAC input, so that equal strings of different kinds (a device id that happens
 * to look like a national id) can never produce the same pseudonym.
 */
public enum IdentifierType {
  EMAIL("emails", "email"),
  PHONE("phones", "phone"),
  NATIONAL_ID("nationalIds", "nationalId"),
  DEVICE_ID("deviceIds", "deviceId"),
  PAYMENT_FINGERPRINT("paymentFingerprints", "paymentFingerprint"),
  SUBSCRIBER_LINE("subscriberLines", "subscriberLine");

  private final String subjectField;
  private final String actorField;

  IdentifierType(String subjectField, String actorField) {
    this.subjectField = subjectField;
    this.actorField = actorField;
  }

  /** The list field in an order's {@code subject}, e.g. {@code emails}. */
  public String subjectField() {
    return subjectField;
  }

  /** The single-value field in a decide call's {@code actor.identifiers}, e.g. {@code email}. */
  public String actorField() {
    return actorField;
  }

  /** The prefix that separates kinds inside the HMAC input, e.g. {@code national_id}. */
  public String hmacPrefix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Finds the type whose decide-call field is {@code field}.
   *
   * @throws IllegalArgumentException naming the accepted fields
   */
  public static IdentifierType fromActorField(String field) {
    for (IdentifierType type : values()) {
      if (type.actorField.equals(field)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown identifier '"
            + field
            + "'; expected one of email, phone, nationalId, deviceId, paymentFingerprint,"
            + " subscriberLine");
  }
}
