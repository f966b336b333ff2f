package org.vigil.server.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.auth.Role;
import org.vigil.core.matcher.SignalHold;
import org.vigil.core.matcher.SignalHolds;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * The flood guard's holds: {@code GET /v1/signal-holds} lists the bank signals whose matches go to
 * review because they suddenly matched far more than before; {@code DELETE
 * /v1/signal-holds/{bank}/{signalId}} releases one (audited as {@code signal.hold.release}).
 */
public final class SignalHoldsApi implements ApiModule {

  private final SignalHolds holds;

  public SignalHoldsApi(SignalHolds holds) {
    this.holds = holds;
  }

  @Override
  public void register(Routes routes) {
    routes.get(
        "/v1/signal-holds",
        (ctx, caller) -> {
          List<Map<String, Object>> out = new ArrayList<>();
          for (SignalHold hold : holds.list(caller)) {
            out.add(view(hold));
          }
          JsonBodies.write(ctx, 200, Map.of("holds", out));
        },
        Role.ADMIN,
        Role.AUDITOR);
    routes.delete(
        "/v1/signal-holds/{bank}/{signalId}",
        (ctx, caller) -> {
          long signalId;
          try {
            signalId = Long.parseLong(ctx.pathParam("signalId"));
          } catch (NumberFormatException e) {
            throw ApiException.invalid("signalId", "must be a signal id (a number)");
          }
          holds.release(caller, ctx.pathParam("bank"), signalId);
          ctx.status(204);
        },
        Role.ADMIN);
  }

  private static Map<String, Object> view(SignalHold hold) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("bank", hold.bank());
    view.put("signalId", hold.signalId());
    view.put("heldAt", hold.heldAt().toString());
    view.put("matches", hold.matches());
    view.put("baselinePerHour", hold.baselinePerHour());
    view.put("limit", hold.limit());
    view.put("reason", hold.reason());
    return view;
  }

  @Override
  public String openApiResource() {
    return "openapi/signal-holds.json";
  }
}
