package org.vigil.server.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.ApiKeyRecord;
import org.vigil.core.auth.ApiKeyStore;
import org.vigil.core.auth.ApiKeys;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.error.VigilException;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/** API keys: an admin creates, lists and revokes them. The secret is shown once, at creation. */
public final class KeysApi implements ApiModule {

  private final ApiKeys keys;
  private final ApiKeyStore store;
  private final AuditLog audit;
  private final Clock clock;

  public KeysApi(ApiKeys keys, ApiKeyStore store, AuditLog audit, Clock clock) {
    this.keys = keys;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** Body of POST /v1/keys. */
  record CreateKey(String role, String label, String tenant) {}

  @Override
  public void register(Routes routes) {
    routes.post(
        "/v1/keys",
        (ctx, caller) -> {
          CreateKey body = JsonBodies.read(ctx, CreateKey.class, 16 * 1024);
          Role role;
          try {
            role = Role.fromWire(body.role());
          } catch (IllegalArgumentException e) {
            throw ApiException.invalid("role", e.getMessage());
          }
          if (body.label() != null && body.label().length() > 200) {
            throw ApiException.invalid("label", "label is longer than 200 characters");
          }
          // An admin of the default tenant is the operator's and makes keys for any tenant; an
          // admin of another tenant only for its own (else it could make itself a key of any).
          boolean operator = Principal.DEFAULT_TENANT.equals(caller.tenant());
          String tenant = body.tenant() == null ? caller.tenant() : body.tenant();
          if (!ApiKeys.TENANT.matcher(tenant).matches()) {
            throw ApiException.invalid("tenant", ApiKeys.TENANT_RULE);
          }
          if (!operator && !tenant.equals(caller.tenant())) {
            throw ApiException.forbidden(
                "an admin key of tenant '"
                    + caller.tenant()
                    + "' creates keys for its own tenant only");
          }
          ApiKeys.IssuedKey issued = keys.create(role, body.label(), tenant);
          audit.record(
              caller.actor(),
              "key.create",
              "key:" + issued.record().id(),
              Map.of("role", role.wireName(), "tenant", tenant));
          Map<String, Object> view = view(issued.record());
          view.put("key", issued.secret());
          JsonBodies.write(ctx, 201, view);
        },
        Role.ADMIN);
    routes.get(
        "/v1/keys",
        (ctx, caller) -> {
          boolean operator = Principal.DEFAULT_TENANT.equals(caller.tenant());
          List<Map<String, Object>> list =
              store.list().stream()
                  .filter(key -> operator || key.tenant().equals(caller.tenant()))
                  .map(KeysApi::view)
                  .toList();
          JsonBodies.write(ctx, 200, Map.of("keys", list));
        },
        Role.ADMIN);
    routes.delete(
        "/v1/keys/{id}",
        (ctx, caller) -> {
          String id = ctx.pathParam("id");
          boolean operator = Principal.DEFAULT_TENANT.equals(caller.tenant());
          boolean own =
              store.findById(id).map(key -> key.tenant().equals(caller.tenant())).orElse(false);
          if ((!operator && !own) || !keys.revoke(id, clock.instant())) {
            throw VigilException.notFound("active key", id);
          }
          audit.record(caller.actor(), "key.revoke", "key:" + id, Map.of());
          ctx.status(204);
        },
        Role.ADMIN);
  }

  static Map<String, Object> view(ApiKeyRecord key) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", key.id());
    view.put("role", key.role().wireName());
    view.put("label", key.label());
    view.put("tenant", key.tenant());
    view.put("createdAt", key.createdAt());
    view.put("revokedAt", key.revokedAt());
    return view;
  }

  @Override
  public String openApiResource() {
    return "openapi/keys.json";
  }
}
