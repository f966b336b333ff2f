package org.vigil.server.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditCheckpoint;
import org.vigil.core.audit.AuditCheckpointLog;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditStore;
import org.vigil.core.audit.AuditVerifier;
import org.vigil.core.auth.Role;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.OperatorOnly;
import org.vigil.server.Routes;

/**
 * Read access to the audit chain for auditors: recent entries, a full verification (against the
 * signed checkpoints too), and the checkpoints themselves so an auditor can keep copies elsewhere.
 */
public final class AuditApi implements ApiModule {

  private final AuditStore store;
  private final AuditCheckpointLog checkpoints;

  public AuditApi(AuditStore store, AuditCheckpointLog checkpoints) {
    this.store = store;
    this.checkpoints = checkpoints;
  }

  @Override
  public void register(Routes routes) {
    routes.get(
        "/v1/audit",
        (ctx, caller) -> {
          OperatorOnly.require(caller, "the audit trail");
          int limit = (int) BanksApi.longParam(ctx, "limit", 100, 1, 1000);
          String subject = ctx.queryParam("subject");
          Map<String, Object> body = new LinkedHashMap<>();
          if (ctx.queryParam("after") == null) {
            // Without a cursor: the newest entries, newest first (a glance at what just happened).
            body.put("entries", store.latest(limit, subject));
            body.put("next", null);
          } else {
            // With a cursor: oldest first from it; "next" continues until it is null.
            long after = BanksApi.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
            List<AuditEntry> page = store.after(after, limit, subject);
            body.put("entries", page);
            body.put(
                "next",
                page.size() < limit ? null : Long.toString(page.get(page.size() - 1).seq()));
          }
          JsonBodies.write(ctx, 200, body);
        },
        Role.AUDITOR,
        Role.ADMIN);
    routes.get(
        "/v1/audit/verify",
        (ctx, caller) -> {
          OperatorOnly.require(caller, "the audit trail");
          List<AuditCheckpoint> signed = checkpoints.all();
          AuditVerifier.Result result = new AuditVerifier(store).verify(signed, null);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("intact", result.intact());
          body.put("checked", result.checked());
          body.put("pruned", result.pruned());
          body.put("checkpoints", signed.size());
          body.put("firstBreak", result.firstBreak().orElse(null));
          JsonBodies.write(ctx, 200, body);
        },
        Role.AUDITOR,
        Role.ADMIN);
    routes.get(
        "/v1/audit/checkpoints",
        (ctx, caller) -> {
          OperatorOnly.require(caller, "the audit trail");
          JsonBodies.write(ctx, 200, Map.of("checkpoints", checkpoints.all()));
        },
        Role.AUDITOR,
        Role.ADMIN);
  }

  @Override
  public String openApiResource() {
    return "openapi/audit.json";
  }
}
