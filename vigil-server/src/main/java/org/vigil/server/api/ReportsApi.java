package org.vigil.server.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.core.auth.Role;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.reports.AuthorityReports;
import org.vigil.core.reports.EuExports;
import org.vigil.core.reports.Filing;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * A case's report to the authorities and its preserved evidence: ask for the report, confirm it
 * (four eyes: a second specialist), see where it stands. Specialists and admins only.
 */
public final class ReportsApi implements ApiModule {

  private final AuthorityReports reports;
  private final EvidenceVault vault;
  private final EuExports euExports;

  public ReportsApi(AuthorityReports reports, EvidenceVault vault, EuExports euExports) {
    this.reports = reports;
    this.vault = vault;
    this.euExports = euExports;
  }

  @Override
  public void register(Routes routes) {
    routes.post(
        "/v1/cases/{id}/report",
        (ctx, caller) ->
            JsonBodies.write(
                ctx,
                202,
                view(reports.request(caller.tenant(), ctx.pathParam("id"), caller.actor()))),
        Role.SPECIALIST,
        Role.ADMIN);
    routes.post(
        "/v1/cases/{id}/report/confirm",
        (ctx, caller) ->
            JsonBodies.write(
                ctx,
                200,
                view(reports.confirm(caller.tenant(), ctx.pathParam("id"), caller.actor()))),
        Role.SPECIALIST,
        Role.ADMIN);
    routes.get(
        "/v1/cases/{id}/report",
        (ctx, caller) ->
            JsonBodies.write(ctx, 200, view(reports.status(caller.tenant(), ctx.pathParam("id")))),
        Role.SPECIALIST,
        Role.ADMIN,
        Role.AUDITOR);
    routes.get(
        "/v1/cases/{id}/evidence",
        (ctx, caller) ->
            JsonBodies.write(
                ctx, 200, Map.of("items", vault.bySource(caller.tenant(), ctx.pathParam("id")))),
        Role.SPECIALIST,
        Role.ADMIN);
    // The export names the preserved evidence by its digests: an audited evidence access, and
    // never cached on the way.
    routes.get(
        "/v1/cases/{id}/export/eu",
        (ctx, caller) -> {
          ctx.header("Cache-Control", "no-store");
          JsonBodies.write(
              ctx,
              200,
              euExports.export(
                  caller.tenant(),
                  ctx.pathParam("id"),
                  ctx.queryParam("authority"),
                  caller.actor()));
        },
        Role.SPECIALIST,
        Role.ADMIN);
  }

  /** What a case shows of its report: never the credentials, never the report's text. */
  static Map<String, Object> view(Filing filing) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("caseId", filing.caseId());
    body.put("state", filing.state().name().toLowerCase(java.util.Locale.ROOT));
    body.put("reportId", filing.reportId());
    body.put("requestedBy", filing.requestedBy());
    body.put("confirmedBy", filing.confirmedBy());
    body.put("failure", filing.failure());
    return body;
  }

  @Override
  public String openApiResource() {
    return "openapi/reports.json";
  }
}
