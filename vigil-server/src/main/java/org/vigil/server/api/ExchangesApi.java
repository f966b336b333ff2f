package org.vigil.server.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.core.auth.Role;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeState;
import org.vigil.core.banks.exchanges.Exchanges;
import org.vigil.core.banks.exchanges.FetchCounts;
import org.vigil.core.banks.exchanges.FetchOutcome;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * Hash-list exchanges (admin only, the caller's tenant only): connect, list, show, fetch now,
 * delete. Answers never carry a secret: credentials show only where they are kept.
 */
public final class ExchangesApi implements ApiModule {

  private static final long BODY = 64 * 1024;

  private final Exchanges exchanges;

  public ExchangesApi(Exchanges exchanges) {
    this.exchanges = exchanges;
  }

  /** Body of POST /v1/exchanges. */
  record CreateExchange(
      String name,
      String type,
      String bank,
      String url,
      Map<String, String> credentials,
      String schedule,
      Boolean enabled,
      Map<String, String> options) {}

  @Override
  public void register(Routes routes) {
    routes.post(
        "/v1/exchanges",
        (ctx, caller) -> {
          CreateExchange body = JsonBodies.read(ctx, CreateExchange.class, BODY);
          Exchanges.View view =
              exchanges.create(
                  new Exchanges.NewExchange(
                      body.name(),
                      body.type(),
                      body.bank(),
                      body.url(),
                      body.credentials(),
                      body.schedule(),
                      body.enabled(),
                      body.options()),
                  caller);
          JsonBodies.write(ctx, 201, view(view));
        },
        Role.ADMIN);
    routes.get(
        "/v1/exchanges",
        (ctx, caller) -> {
          List<Map<String, Object>> list = new ArrayList<>();
          for (Exchanges.View view : exchanges.list(caller)) {
            list.add(view(view));
          }
          JsonBodies.write(ctx, 200, Map.of("exchanges", list));
        },
        Role.ADMIN);
    routes.get(
        "/v1/exchanges/{name}",
        (ctx, caller) ->
            JsonBodies.write(ctx, 200, view(exchanges.get(caller, ctx.pathParam("name")))),
        Role.ADMIN);
    routes.post(
        "/v1/exchanges/{name}/fetch",
        (ctx, caller) -> {
          FetchOutcome outcome = exchanges.fetch(caller, ctx.pathParam("name"));
          Map<String, Object> body = outcome(outcome);
          if (outcome.failed()) {
            // The exchange failed, not the request: 502 with the error body plus what was applied
            // before the failure (those pages stay, and the checkpoint after them).
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "exchange_failed");
            error.put("message", outcome.error());
            error.put("field", null);
            error.putAll(body);
            JsonBodies.write(ctx, 502, error);
          } else {
            JsonBodies.write(ctx, 200, body);
          }
        },
        Role.ADMIN);
    routes.delete(
        "/v1/exchanges/{name}",
        (ctx, caller) -> {
          exchanges.delete(caller, ctx.pathParam("name"));
          ctx.status(204);
        },
        Role.ADMIN);
  }

  static Map<String, Object> outcome(FetchOutcome outcome) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("exchange", outcome.exchange());
    body.put("added", outcome.counts().added());
    body.put("updated", outcome.counts().updated());
    body.put("removed", outcome.counts().removed());
    body.put("skipped", outcome.counts().skipped());
    body.put("pages", outcome.pages());
    body.put("complete", outcome.complete());
    return body;
  }

  static Map<String, Object> view(Exchanges.View view) {
    ExchangeConfig c = view.config();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", c.name());
    out.put("type", c.type());
    out.put("bank", c.bank());
    out.put("url", c.url().toString());
    Map<String, Object> credentials = new LinkedHashMap<>();
    credentials.put("kind", c.credentials().kind().name().toLowerCase(Locale.ROOT));
    if (c.credentials().file() != null) {
      credentials.put("file", c.credentials().file().toString());
    }
    out.put("credentials", credentials);
    out.put("schedule", c.schedule().toString());
    out.put("enabled", c.enabled());
    out.put("options", c.options());
    out.put("createdAt", c.createdAt());
    ExchangeState s = view.state();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("checkpoint", s.checkpoint());
    state.put("lastFetchAt", s.lastFetchAt());
    state.put("lastSuccessAt", s.lastSuccessAt());
    state.put("lastError", s.lastError());
    state.put("lastErrorAt", s.lastErrorAt());
    state.put("last", counts(s.last()));
    state.put("total", counts(s.total()));
    out.put("state", state);
    return out;
  }

  private static Map<String, Object> counts(FetchCounts counts) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("added", counts.added());
    out.put("updated", counts.updated());
    out.put("removed", counts.removed());
    out.put("skipped", counts.skipped());
    return out;
  }

  @Override
  public String openApiResource() {
    return "openapi/exchanges.json";
  }
}
