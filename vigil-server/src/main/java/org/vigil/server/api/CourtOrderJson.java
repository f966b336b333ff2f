package org.vigil.server.api;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.ComplianceReport;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderEvent;
import org.vigil.core.courtorders.CourtOrderRequest;
import org.vigil.core.courtorders.DenialCount;
import org.vigil.core.courtorders.IdentifierType;
import org.vigil.core.courtorders.SubscriberAddressChange;

/**
 * The JSON shapes of court orders, shared by the HTTP API and the {@code vigil orders} command so
 * both accept and print exactly the same documents. Views never carry an identifier in clear: the
 * subject appears as counts per type.
 */
public final class CourtOrderJson {

  /** How much of a line pseudonym a report shows: enough to tell lines apart, no more. */
  private static final int LINE_REF_LENGTH = 12;

  private CourtOrderJson() {}

  /** The person's identifiers in clear, as the court lists them. */
  public record Subject(
      List<String> emails,
      List<String> phones,
      List<String> nationalIds,
      List<String> deviceIds,
      List<String> paymentFingerprints,
      List<String> subscriberLines) {}

  /** Body of POST /v1/court-orders, and the file {@code vigil orders create} reads. */
  public record CreateOrder(
      String court,
      String caseRef,
      String legalBasis,
      String issuedOn,
      String startsAt,
      String endsAt,
      List<String> scope,
      Subject subject,
      String notes,
      String phoneCountry) {}

  /** The registry's request for {@code body}. */
  public static CourtOrderRequest request(CreateOrder body) {
    Map<IdentifierType, List<String>> subject = new EnumMap<>(IdentifierType.class);
    Subject s = body.subject();
    if (s != null) {
      put(subject, IdentifierType.EMAIL, s.emails());
      put(subject, IdentifierType.PHONE, s.phones());
      put(subject, IdentifierType.NATIONAL_ID, s.nationalIds());
      put(subject, IdentifierType.DEVICE_ID, s.deviceIds());
      put(subject, IdentifierType.PAYMENT_FINGERPRINT, s.paymentFingerprints());
      put(subject, IdentifierType.SUBSCRIBER_LINE, s.subscriberLines());
    }
    return new CourtOrderRequest(
        body.court(),
        body.caseRef(),
        body.legalBasis(),
        body.issuedOn(),
        body.startsAt(),
        body.endsAt(),
        body.scope(),
        s == null ? null : subject,
        body.notes(),
        body.phoneCountry());
  }

  private static void put(
      Map<IdentifierType, List<String>> subject, IdentifierType type, List<String> values) {
    if (values != null) {
      subject.put(type, values);
    }
  }

  /** An order as the API shows it, with its status at {@code now}. */
  public static Map<String, Object> view(CourtOrder order, java.time.Instant now) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", order.id());
    view.put("court", order.court());
    view.put("caseRef", order.caseRef());
    view.put("legalBasis", order.legalBasis());
    view.put("issuedOn", order.issuedOn());
    view.put("startsAt", order.startsAt());
    view.put("endsAt", order.endsAt());
    view.put("scope", order.scope().stream().sorted().map(ServiceCategory::wireName).toList());
    view.put("status", order.statusAt(now).wireName());
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (IdentifierType type : IdentifierType.values()) {
      int n = order.pseudonyms(type).size();
      if (n > 0) {
        counts.put(type.subjectField(), n);
      }
    }
    view.put("subjectIdentifiers", counts);
    view.put("notes", order.notes());
    view.put("createdAt", order.createdAt());
    view.put("createdBy", order.createdBy());
    view.put("revokedAt", order.revokedAt());
    view.put("revokedBy", order.revokedBy());
    view.put("revocationReason", order.revocationReason());
    return view;
  }

  /** The compliance report as the API shows it. */
  public static Map<String, Object> complianceView(ComplianceReport report) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("order", view(report.order(), report.generatedAt()));
    view.put("status", report.status().wireName());
    view.put("generatedAt", report.generatedAt());
    List<Map<String, Object>> history = new ArrayList<>();
    int regenerations = 0;
    for (CourtOrderEvent event : report.history()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("event", event.kind().wireName());
      entry.put("at", event.at());
      entry.put("actor", event.actor());
      entry.put("detail", event.detail());
      history.add(entry);
      if (event.kind() == CourtOrderEvent.Kind.DNS_BINDINGS_REGENERATED) {
        regenerations++;
      }
    }
    view.put("history", history);
    List<Map<String, Object>> byDay = new ArrayList<>();
    for (DenialCount count : report.denials()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("day", count.day());
      entry.put("category", count.category().wireName());
      entry.put("count", count.count());
      byDay.add(entry);
    }
    Map<String, Object> denials = new LinkedHashMap<>();
    denials.put("total", report.totalDenials());
    denials.put("byDay", byDay);
    view.put("denials", denials);
    List<Map<String, Object>> changes = new ArrayList<>();
    for (SubscriberAddressChange change : report.addressChanges()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("line", change.linePseudonym().substring(0, LINE_REF_LENGTH));
      entry.put("address", change.address());
      entry.put("at", change.at());
      entry.put("reason", change.reason());
      entry.put("by", change.by());
      changes.add(entry);
    }
    view.put("subscriberAddressChanges", changes);
    view.put("dnsBindingRegenerations", regenerations);
    return view;
  }
}
