package org.vigil.server.api;

import io.javalin.http.Context;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.core.auth.Role;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankService;
import org.vigil.core.banks.BankSettings;
import org.vigil.core.banks.ImportReport;
import org.vigil.core.banks.Signal;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.LimitedInputStream;
import org.vigil.server.Routes;

/**
 * Banks and their signals: create, change, fill (one by one or in bulk), empty. A key sees shared
 * banks and its own tenant's private ones (BankService says who may change which).
 */
public final class BanksApi implements ApiModule {

  private static final long SMALL_BODY = 64 * 1024;
  // A video signal is long: a TMK's base64 is 351 KB, a vPDQ of an hour ~300 KB.
  private static final long SIGNAL_BODY = 2L << 20;

  private final BankService banks;
  private final long maxImportBytes;

  public BanksApi(BankService banks, long maxImportBytes) {
    this.banks = banks;
    this.maxImportBytes = maxImportBytes;
  }

  /** Body of POST /v1/banks. */
  record CreateBank(
      String name,
      String description,
      Integer pdqThreshold,
      String action,
      Boolean enabled,
      Integer vpdqFrameDistance,
      Double vpdqQueryPercent,
      Double vpdqTargetPercent,
      Double tmkLevel1Threshold,
      Double tmkLevel2Threshold,
      Boolean shared) {

    BankSettings settings() {
      return new BankSettings(
          description,
          pdqThreshold,
          action,
          enabled,
          vpdqFrameDistance,
          vpdqQueryPercent,
          vpdqTargetPercent,
          tmkLevel1Threshold,
          tmkLevel2Threshold);
    }
  }

  /** Body of PATCH /v1/banks/{name}. */
  record UpdateBank(
      String description,
      Integer pdqThreshold,
      String action,
      Boolean enabled,
      Integer vpdqFrameDistance,
      Double vpdqQueryPercent,
      Double vpdqTargetPercent,
      Double tmkLevel1Threshold,
      Double tmkLevel2Threshold) {

    BankSettings settings() {
      return new BankSettings(
          description,
          pdqThreshold,
          action,
          enabled,
          vpdqFrameDistance,
          vpdqQueryPercent,
          vpdqTargetPercent,
          tmkLevel1Threshold,
          tmkLevel2Threshold);
    }
  }

  /** Body of POST /v1/banks/{name}/signals. */
  record AddSignal(String type, String value, String externalId, String source, String category) {}

  @Override
  public void register(Routes routes) {
    routes.post(
        "/v1/banks",
        (ctx, caller) -> {
          CreateBank body = JsonBodies.read(ctx, CreateBank.class, SMALL_BODY);
          Bank bank = banks.create(body.name(), body.settings(), body.shared(), caller);
          JsonBodies.write(ctx, 201, view(bank));
        },
        Role.ADMIN);
    routes.get(
        "/v1/banks",
        (ctx, caller) -> {
          List<Map<String, Object>> list = new ArrayList<>();
          for (Bank bank : banks.list(caller)) {
            list.add(view(bank));
          }
          JsonBodies.write(ctx, 200, Map.of("banks", list));
        },
        Role.ADMIN,
        Role.AUDITOR,
        Role.MODERATOR);
    routes.get(
        "/v1/banks/{name}",
        (ctx, caller) -> JsonBodies.write(ctx, 200, view(banks.get(ctx.pathParam("name"), caller))),
        Role.ADMIN,
        Role.AUDITOR,
        Role.MODERATOR);
    routes.patch(
        "/v1/banks/{name}",
        (ctx, caller) -> {
          UpdateBank body = JsonBodies.read(ctx, UpdateBank.class, SMALL_BODY);
          Bank bank = banks.update(ctx.pathParam("name"), body.settings(), caller);
          JsonBodies.write(ctx, 200, view(bank));
        },
        Role.ADMIN);
    routes.delete(
        "/v1/banks/{name}",
        (ctx, caller) -> {
          banks.delete(ctx.pathParam("name"), caller);
          ctx.status(204);
        },
        Role.ADMIN);
    routes.post(
        "/v1/banks/{name}/signals",
        (ctx, caller) -> {
          AddSignal body = JsonBodies.read(ctx, AddSignal.class, SIGNAL_BODY);
          Signal signal =
              banks.addSignal(
                  ctx.pathParam("name"),
                  body.type(),
                  body.value(),
                  body.externalId(),
                  body.source(),
                  body.category(),
                  caller);
          JsonBodies.write(ctx, 201, signal);
        },
        Role.ADMIN);
    routes.get(
        "/v1/banks/{name}/signals",
        (ctx, caller) -> {
          long after = longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
          int limit = (int) longParam(ctx, "limit", 100, 1, 1000);
          List<Signal> page = banks.listSignals(ctx.pathParam("name"), after, limit, caller);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("signals", page);
          body.put("next", page.size() == limit ? page.get(page.size() - 1).id() : null);
          JsonBodies.write(ctx, 200, body);
        },
        Role.ADMIN,
        Role.AUDITOR);
    routes.get(
        "/v1/banks/{name}/signals/{id}",
        (ctx, caller) ->
            JsonBodies.write(
                ctx, 200, banks.getSignal(ctx.pathParam("name"), signalId(ctx), caller)),
        // A moderator reviewing a match reads the matched signal (external id, source, category)
        // to know which partner list it came from; the bank's whole listing stays admin/auditor.
        Role.ADMIN,
        Role.AUDITOR,
        Role.MODERATOR);
    routes.delete(
        "/v1/banks/{name}/signals/{id}",
        (ctx, caller) -> {
          banks.removeSignal(ctx.pathParam("name"), signalId(ctx), caller);
          ctx.status(204);
        },
        Role.ADMIN);
    routes.post("/v1/banks/{name}/import", this::importSignals, Role.ADMIN);
  }

  private void importSignals(Context ctx, org.vigil.core.auth.Principal caller) throws Exception {
    if (ctx.contentLength() > maxImportBytes) {
      throw ApiException.tooLarge(maxImportBytes);
    }
    boolean ndjson = isNdjson(ctx);
    try (InputStream body = new LimitedInputStream(ctx.bodyInputStream(), maxImportBytes)) {
      ImportReport report =
          banks.importSignals(
              ctx.pathParam("name"), body, ndjson, ctx.queryParam("source"), caller);
      JsonBodies.write(ctx, 200, report);
    }
  }

  private static boolean isNdjson(Context ctx) {
    String format = ctx.queryParam("format");
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "csv" -> false;
        case "ndjson", "jsonl" -> true;
        default -> throw ApiException.invalid("format", "format must be csv or ndjson");
      };
    }
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (type.startsWith("application/x-ndjson")
        || type.startsWith("application/ndjson")
        || type.startsWith("application/jsonl")) {
      return true;
    }
    if (type.isEmpty() || type.startsWith("text/csv") || type.startsWith("text/plain")) {
      return false;
    }
    throw ApiException.unsupportedMedia(
        "import takes text/csv or application/x-ndjson (or ?format=csv|ndjson), not " + type);
  }

  private static long signalId(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiException.invalid("id", "signal id must be a number");
    }
  }

  static long longParam(Context ctx, String name, long fallback, long min, long max) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed < min || parsed > max) {
        throw ApiException.invalid(name, name + " must be between " + min + " and " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, name + " must be a whole number");
    }
  }

  private Map<String, Object> view(Bank bank) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", bank.name());
    view.put("description", bank.description());
    view.put("pdqThreshold", bank.pdqThreshold());
    view.put("action", bank.action().wireName());
    view.put("enabled", bank.enabled());
    view.put("vpdqFrameDistance", bank.video().vpdqFrameDistance());
    view.put("vpdqQueryPercent", bank.video().vpdqQueryPercent());
    view.put("vpdqTargetPercent", bank.video().vpdqTargetPercent());
    view.put("tmkLevel1Threshold", bank.video().tmkLevel1());
    view.put("tmkLevel2Threshold", bank.video().tmkLevel2());
    view.put("shared", bank.tenant() == null);
    view.put("tenant", bank.tenant());
    view.put("signals", banks.countSignals(bank.name()));
    view.put("createdAt", bank.createdAt());
    view.put("updatedAt", bank.updatedAt());
    return view;
  }

  @Override
  public String openApiResource() {
    return "openapi/banks.json";
  }
}
