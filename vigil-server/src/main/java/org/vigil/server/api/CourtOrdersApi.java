package org.vigil.server.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Role;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.ComplianceReport;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderEvent;
import org.vigil.core.courtorders.CourtOrderRegistry;
import org.vigil.core.courtorders.CourtOrderRequest;
import org.vigil.core.courtorders.CourtOrderStatus;
import org.vigil.core.courtorders.DenialCount;
import org.vigil.core.courtorders.IdentifierType;
import org.vigil.core.courtorders.SubscriberAddressChange;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * Court-ordered restrictions: an admin registers and revokes orders, an auditor reads them and
 * their compliance reports, and the provider's RADIUS bridge reports subscriber addresses. No
 * response ever carries an identifier in clear: the subject is shown as counts per type.
 */
public final class CourtOrdersApi implements ApiModule {

  private static final long MAX_ORDER_BODY = 256 * 1024;
  private static final long MAX_SMALL_BODY = 16 * 1024;

  /** How much of a line pseudonym a report shows: enough to tell lines apart, no more. */
  private static final int LINE_REF_LENGTH = 12;

  private final CourtOrderRegistry registry;
  private final AuditLog audit;

  public CourtOrdersApi(CourtOrderRegistry registry, AuditLog audit) {
    this.registry = registry;
    this.audit = audit;
  }

  /** The person's identifiers in clear, as the court lists them. */
  record Subject(
      List<String> emails,
      List<String> phones,
      List<String> nationalIds,
      List<String> deviceIds,
      List<String> paymentFingerprints,
      List<String> subscriberLines) {}

  /** Body of POST /v1/court-orders. */
  record CreateOrder(
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

  /** Body of POST /v1/court-orders/{id}/revoke. */
  record Revoke(String reason) {}

  /** Body of POST /v1/subscriber-addresses: one RADIUS accounting record. */
  record AddressUpdate(String subscriberLine, String address) {}

  @Override
  public void register(Routes routes) {
    routes.post(
        "/v1/court-orders",
        (ctx, caller) -> {
          CreateOrder body = JsonBodies.read(ctx, CreateOrder.class, MAX_ORDER_BODY);
          CourtOrder order = registry.create(request(body), caller.actor());
          JsonBodies.write(ctx, 201, view(order));
        },
        Role.ADMIN);
    routes.get(
        "/v1/court-orders",
        (ctx, caller) -> {
          CourtOrderStatus status = statusParam(ctx);
          List<Map<String, Object>> orders = new ArrayList<>();
          for (CourtOrder order : registry.list(status)) {
            orders.add(view(order));
          }
          JsonBodies.write(ctx, 200, Map.of("orders", orders));
        },
        Role.AUDITOR,
        Role.ADMIN);
    routes.get(
        "/v1/court-orders/{id}",
        (ctx, caller) -> JsonBodies.write(ctx, 200, view(registry.get(ctx.pathParam("id")))),
        Role.AUDITOR,
        Role.ADMIN);
    routes.post(
        "/v1/court-orders/{id}/revoke",
        (ctx, caller) -> {
          byte[] raw = JsonBodies.readLimited(ctx, MAX_SMALL_BODY);
          Revoke body = raw.length == 0 ? new Revoke(null) : JsonBodies.parse(raw, Revoke.class);
          JsonBodies.write(
              ctx, 200, view(registry.revoke(ctx.pathParam("id"), body.reason(), caller.actor())));
        },
        Role.ADMIN);
    routes.get(
        "/v1/court-orders/{id}/compliance",
        (ctx, caller) -> {
          ComplianceReport report = registry.complianceReport(ctx.pathParam("id"));
          audit.record(
              caller.actor(),
              "court_order.compliance_report",
              CourtOrderRegistry.auditSubject(report.order().id()),
              Map.of("totalDenials", report.totalDenials()));
          JsonBodies.write(ctx, 200, complianceView(report));
        },
        Role.AUDITOR,
        Role.ADMIN);
    routes.post(
        "/v1/subscriber-addresses",
        (ctx, caller) -> {
          AddressUpdate body = JsonBodies.read(ctx, AddressUpdate.class, MAX_SMALL_BODY);
          // The answer is the same whether or not the line is restricted: the bridge needs no
          // more, and the reply must not become a way to test which lines are under an order.
          registry.updateSubscriberAddress(body.subscriberLine(), body.address(), caller.actor());
          ctx.status(204);
        },
        Role.PLATFORM,
        Role.ADMIN);
  }

  private static CourtOrderRequest request(CreateOrder body) {
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

  private static CourtOrderStatus statusParam(Context ctx) {
    String value = ctx.queryParam("status");
    if (value == null) {
      return null;
    }
    for (CourtOrderStatus status : CourtOrderStatus.values()) {
      if (status.wireName().equals(value)) {
        return status;
      }
    }
    throw ApiException.invalid(
        "status", "status must be one of pending, active, expired, revoked; got '" + value + "'");
  }

  private Map<String, Object> view(CourtOrder order) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", order.id());
    view.put("court", order.court());
    view.put("caseRef", order.caseRef());
    view.put("legalBasis", order.legalBasis());
    view.put("issuedOn", order.issuedOn());
    view.put("startsAt", order.startsAt());
    view.put("endsAt", order.endsAt());
    view.put("scope", order.scope().stream().sorted().map(ServiceCategory::wireName).toList());
    view.put("status", order.statusAt(registry.now()).wireName());
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

  private Map<String, Object> complianceView(ComplianceReport report) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("order", view(report.order()));
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
      changes.add(entry);
    }
    view.put("subscriberAddressChanges", changes);
    view.put("dnsBindingRegenerations", regenerations);
    return view;
  }

  @Override
  public String openApiResource() {
    return "openapi/court-orders.json";
  }
}
