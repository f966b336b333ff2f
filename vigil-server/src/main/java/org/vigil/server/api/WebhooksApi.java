package org.vigil.server.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.DeliveryState;
import org.vigil.core.actions.WebhookSubscription;
import org.vigil.core.actions.Webhooks;
import org.vigil.core.auth.Role;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * Webhook subscriptions of the caller's tenant: an admin subscribes endpoints to events, sees each
 * delivery's state and replays dead letters. Translation only; the rules live in {@link Webhooks}.
 */
public final class WebhooksApi implements ApiModule {

  private static final long MAX_BODY = 16 * 1024;

  private final Webhooks webhooks;

  public WebhooksApi(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  /** Body of POST /v1/webhooks/{id}/secret (optional). */
  record NewSecret(String secret) {}

  /** Body of POST /v1/webhooks. */
  record CreateWebhook(String url, List<String> events, String secret) {}

  @Override
  public void register(Routes routes) {
    routes.post(
        "/v1/webhooks",
        (ctx, caller) -> {
          CreateWebhook body = JsonBodies.read(ctx, CreateWebhook.class, MAX_BODY);
          Webhooks.Created created =
              webhooks.create(
                  caller.tenant(), caller.actor(), body.url(), body.events(), body.secret());
          Map<String, Object> view = view(created.subscription());
          view.put("secret", created.secret());
          ctx.header("Location", "/v1/webhooks/" + created.subscription().id());
          JsonBodies.write(ctx, 201, view);
        },
        Role.ADMIN);
    routes.get(
        "/v1/webhooks",
        (ctx, caller) ->
            JsonBodies.write(
                ctx,
                200,
                Map.of(
                    "webhooks",
                    webhooks.list(caller.tenant()).stream().map(WebhooksApi::view).toList())),
        Role.ADMIN);
    routes.get(
        "/v1/webhooks/{id}",
        (ctx, caller) ->
            JsonBodies.write(ctx, 200, view(webhooks.get(caller.tenant(), ctx.pathParam("id")))),
        Role.ADMIN);
    routes.delete(
        "/v1/webhooks/{id}",
        (ctx, caller) -> {
          webhooks.delete(caller.tenant(), caller.actor(), ctx.pathParam("id"));
          ctx.status(204);
        },
        Role.ADMIN);
    routes.post(
        "/v1/webhooks/{id}/secret",
        (ctx, caller) -> {
          byte[] raw = JsonBodies.readLimited(ctx, MAX_BODY);
          String wanted = raw.length == 0 ? null : JsonBodies.parse(raw, NewSecret.class).secret();
          String secret =
              webhooks.rotateSecret(caller.tenant(), caller.actor(), ctx.pathParam("id"), wanted);
          JsonBodies.write(ctx, 201, Map.of("secret", secret));
        },
        Role.ADMIN);
    routes.delete(
        "/v1/webhooks/{id}/secret/previous",
        (ctx, caller) -> {
          webhooks.dropPreviousSecrets(caller.tenant(), caller.actor(), ctx.pathParam("id"));
          ctx.status(204);
        },
        Role.ADMIN);
    routes.get(
        "/v1/webhooks/{id}/deliveries",
        (ctx, caller) -> {
          int limit = (int) BanksApi.longParam(ctx, "limit", 100, 1, 500);
          List<Delivery> page =
              webhooks.deliveries(
                  caller.tenant(),
                  ctx.pathParam("id"),
                  stateParam(ctx),
                  ctx.queryParam("before"),
                  limit);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("deliveries", page.stream().map(WebhooksApi::view).toList());
          body.put("next", page.size() == limit ? page.get(page.size() - 1).id() : null);
          JsonBodies.write(ctx, 200, body);
        },
        Role.ADMIN);
    routes.post(
        "/v1/webhooks/{id}/deliveries/{deliveryId}/replay",
        (ctx, caller) -> {
          Delivery delivery =
              webhooks.replay(
                  caller.tenant(),
                  caller.actor(),
                  ctx.pathParam("id"),
                  ctx.pathParam("deliveryId"));
          JsonBodies.write(ctx, 202, view(delivery));
        },
        Role.ADMIN);
  }

  private static DeliveryState stateParam(Context ctx) {
    String value = ctx.queryParam("state");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return DeliveryState.fromWire(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("state", e.getMessage());
    }
  }

  static Map<String, Object> view(WebhookSubscription subscription) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", subscription.id());
    view.put("url", subscription.url().toString());
    view.put("events", subscription.events());
    view.put("createdAt", subscription.createdAt());
    return view;
  }

  static Map<String, Object> view(Delivery delivery) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", delivery.id());
    view.put("eventId", delivery.message().id());
    view.put("type", delivery.message().topic());
    view.put("subject", delivery.message().subject());
    view.put("createdAt", delivery.message().createdAt());
    view.put("state", delivery.state().wireName());
    view.put("attempts", delivery.attempts());
    view.put(
        "nextAttemptAt",
        delivery.state() == DeliveryState.PENDING ? delivery.nextAttemptAt() : null);
    view.put("lastAttemptAt", delivery.lastAttemptAt());
    view.put("lastError", delivery.lastError());
    view.put("deliveredAt", delivery.deliveredAt());
    return view;
  }

  @Override
  public String openApiResource() {
    return "openapi/webhooks.json";
  }
}
