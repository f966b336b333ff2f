package org.vigil.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.json.Json;
import org.vigil.core.policy.Policies;
import org.vigil.core.policy.PolicyParser;
import org.vigil.core.policy.PolicyWarning;
import org.vigil.core.policy.StoredPolicy;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * Policy versions: {@code POST /v1/policies} (the YAML as {@code application/yaml}) stores a
 * checked draft; {@code shadow} evaluates it beside the live policy without acting; {@code
 * activate} makes it live; {@code report} and {@code backtest} compare it with what was decided.
 * Changes are admin-only and audited; auditors may read.
 */
public final class PoliciesApi implements ApiModule {

  private final Policies policies;

  public PoliciesApi(Policies policies) {
    this.policies = policies;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/v1/policies", this::submit, Role.ADMIN);
    routes.get("/v1/policies", this::list, Role.ADMIN, Role.AUDITOR);
    routes.get("/v1/policies/{version}", this::get, Role.ADMIN, Role.AUDITOR);
    routes.post(
        "/v1/policies/{version}/shadow",
        (ctx, caller) -> JsonBodies.write(ctx, 200, summary(policies.shadow(version(ctx), caller))),
        Role.ADMIN);
    routes.post(
        "/v1/policies/{version}/activate",
        (ctx, caller) ->
            JsonBodies.write(ctx, 200, summary(policies.activate(version(ctx), caller))),
        Role.ADMIN);
    routes.get(
        "/v1/policies/{version}/report",
        (ctx, caller) -> JsonBodies.write(ctx, 200, policies.report(version(ctx), caller)),
        Role.ADMIN,
        Role.AUDITOR);
    routes.post("/v1/policies/{version}/backtest", this::backtest, Role.ADMIN);
  }

  private void submit(Context ctx, Principal caller) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/yaml")
        && !type.startsWith("application/x-yaml")
        && !type.startsWith("text/yaml")) {
      throw ApiException.unsupportedMedia(
          "POST /v1/policies takes the policy as application/yaml, not '" + type + "'");
    }
    byte[] body = JsonBodies.readLimited(ctx, PolicyParser.MAX_CHARS);
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.invalid("body", "the policy is not UTF-8 text");
    }
    Policies.Submitted submitted = policies.submit(text, caller);
    Map<String, Object> answer = summary(submitted.policy());
    answer.put("warnings", submitted.warnings());
    JsonBodies.write(ctx, submitted.created() ? 201 : 200, answer);
  }

  private void list(Context ctx, Principal caller) {
    List<Map<String, Object>> items =
        policies.list(caller).stream().map(PoliciesApi::summary).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("live", policies.active(caller.tenant()).live().version());
    body.put("policies", items);
    JsonBodies.write(ctx, 200, body);
  }

  private void get(Context ctx, Principal caller) {
    StoredPolicy policy = policies.get(version(ctx), caller);
    Map<String, Object> body = summary(policy);
    List<PolicyWarning> warnings = policies.warnings(policy);
    body.put("warnings", warnings);
    body.put("source", policy.source());
    JsonBodies.write(ctx, 200, body);
  }

  private void backtest(Context ctx, Principal caller) {
    byte[] bytes = JsonBodies.readLimited(ctx, 4096);
    JsonNode body;
    try {
      body = bytes.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(bytes);
    } catch (java.io.IOException e) {
      throw ApiException.malformedJson("request body is not valid JSON");
    }
    if (!body.isObject()) {
      throw ApiException.invalid("body", "must be a JSON object with from and to");
    }
    for (String name : (Iterable<String>) body::fieldNames) {
      if (!name.equals("from") && !name.equals("to")) {
        throw new ApiException(422, "unknown_field", "unknown field '" + name + "'", name);
      }
    }
    Instant from = instant(body, "from");
    Instant to = instant(body, "to");
    if (!from.isBefore(to)) {
      throw ApiException.invalid("to", "to must be after from");
    }
    JsonBodies.write(ctx, 200, policies.backtest(version(ctx), from, to, caller));
  }

  private static Instant instant(JsonNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null || !node.isTextual()) {
      throw ApiException.invalid(name, name + " is required, e.g. 2026-11-23T10:00:00Z");
    }
    try {
      return OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(name, name + " is a timestamp such as 2026-11-23T10:00:00Z");
    }
  }

  private static String version(Context ctx) {
    String version = ctx.pathParam("version");
    if (!version.matches("[0-9a-f]{16}")) {
      throw ApiException.invalid("version", "a policy version is 16 hex digits");
    }
    return version;
  }

  private static Map<String, Object> summary(StoredPolicy policy) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("version", policy.version());
    view.put("name", policy.name());
    view.put("state", policy.state().wireName());
    view.put("createdAt", policy.createdAt().toString());
    view.put("createdBy", policy.createdBy());
    if (policy.activatedAt() != null) {
      view.put("activatedAt", policy.activatedAt().toString());
    }
    if (policy.shadowSince() != null) {
      view.put("shadowSince", policy.shadowSince().toString());
    }
    return view;
  }

  @Override
  public String openApiResource() {
    return "openapi/policies.json";
  }
}
