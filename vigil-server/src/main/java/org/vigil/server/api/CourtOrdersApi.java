package org.vigil.server.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Role;
import org.vigil.core.courtorders.ComplianceReport;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderRegistry;
import org.vigil.core.courtorders.CourtOrderStatus;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.OperatorOnly;
import org.vigil.server.Routes;

/**
 * Court-ordered restrictions: an admin registers and revokes orders, an auditor reads them and
 * their compliance reports, and the provider's RADIUS bridge reports subscriber addresses. No
 * response ever carries an identifier in clear: the subject is shown as counts per type.
 */
public final class CourtOrdersApi implements ApiModule {

  private static final long MAX_ORDER_BODY = 256 * 1024;
  private static final long MAX_SMALL_BODY = 16 * 1024;

  private final CourtOrderRegistry registry;
  private final AuditLog audit;

  public CourtOrdersApi(CourtOrderRegistry registry, AuditLog audit) {
    this.registry = registry;
    this.audit = audit;
  }

  /** Body of POST /v1/court-orders/{id}/revoke. */
  record Revoke(String reason) {}

  /** Body of POST /v1/subscriber-addresses: one RADIUS accounting record. */
  record AddressUpdate(String subscriberLine, String address) {}

  @Override
  public void register(Routes routes) {
    routes.post(
        "/v1/court-orders",
        (ctx, caller) -> {
          OperatorOnly.require(caller, "the court-order register");
          CourtOrderJson.CreateOrder body =
              JsonBodies.read(ctx, CourtOrderJson.CreateOrder.class, MAX_ORDER_BODY);
          CourtOrder order = registry.create(CourtOrderJson.request(body), caller.actor());
          JsonBodies.write(ctx, 201, view(order));
        },
        Role.ADMIN);
    routes.get(
        "/v1/court-orders",
        (ctx, caller) -> {
          OperatorOnly.require(caller, "the court-order register");
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
        (ctx, caller) -> {
          OperatorOnly.require(caller, "the court-order register");
          JsonBodies.write(ctx, 200, view(registry.get(ctx.pathParam("id"))));
        },
        Role.AUDITOR,
        Role.ADMIN);
    routes.post(
        "/v1/court-orders/{id}/revoke",
        (ctx, caller) -> {
          OperatorOnly.require(caller, "the court-order register");
          byte[] raw = JsonBodies.readLimited(ctx, MAX_SMALL_BODY);
          Revoke body = raw.length == 0 ? new Revoke(null) : JsonBodies.parse(raw, Revoke.class);
          JsonBodies.write(
              ctx, 200, view(registry.revoke(ctx.pathParam("id"), body.reason(), caller.actor())));
        },
        Role.ADMIN);
    routes.get(
        "/v1/court-orders/{id}/compliance",
        (ctx, caller) -> {
          OperatorOnly.require(caller, "the court-order register");
          ComplianceReport report = registry.complianceReport(ctx.pathParam("id"));
          audit.record(
              caller.actor(),
              "court_order.compliance_report",
              CourtOrderRegistry.auditSubject(report.order().id()),
              Map.of("totalDenials", report.totalDenials()));
          JsonBodies.write(ctx, 200, CourtOrderJson.complianceView(report));
        },
        Role.AUDITOR,
        Role.ADMIN);
    routes.post(
        "/v1/subscriber-addresses",
        (ctx, caller) -> {
          OperatorOnly.require(caller, "the court-order register");
          AddressUpdate body = JsonBodies.read(ctx, AddressUpdate.class, MAX_SMALL_BODY);
          // The answer is the same whether or not the line is restricted: the bridge needs no
          // more, and the reply must not become a way to test which lines are under an order.
          registry.updateSubscriberAddress(body.subscriberLine(), body.address(), caller.actor());
          ctx.status(204);
        },
        // The RADIUS bridge alone: a report can release a restricted line (issue 15 #2).
        Role.PROVIDER);
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
    return CourtOrderJson.view(order, registry.now());
  }

  @Override
  public String openApiResource() {
    return "openapi/court-orders.json";
  }
}
