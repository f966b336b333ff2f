package org.vigil.server.api;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.vigil.core.auth.Role;
import org.vigil.core.minors.Jurisdiction;
import org.vigil.core.minors.RuleSet;
import org.vigil.core.minors.RuleView;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.JsonBodies;
import org.vigil.server.Routes;

/**
 * {@code GET /v1/rules}: every minimum-age and minor-protection rule the server decides with, each
 * with its jurisdiction, written status, standing on the day asked ({@code in_force}, {@code
 * not_yet_in_force}, {@code enjoined}...), in-force date and source, so a platform or an auditor
 * can see which law a decision rested on and which laws start soon; and the rules' changelog, so
 * they can see what the last updates changed.
 */
public final class RulesApi implements ApiModule {

  private final Supplier<RuleSet> rules;
  private final Clock clock;

  /**
   * @param rules the rule set in use (a supplier, so a reloaded set is listed at once)
   */
  public RulesApi(Supplier<RuleSet> rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  public void register(Routes routes) {
    routes.get(
        "/v1/rules",
        (ctx, caller) -> {
          RuleSet set = rules.get();
          LocalDate day;
          String on = ctx.queryParam("on");
          try {
            day = on == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : LocalDate.parse(on);
          } catch (DateTimeParseException e) {
            throw ApiException.invalid("on", "not a date (YYYY-MM-DD): " + on);
          }
          List<RuleView> views = RuleView.list(set, day);
          String code = ctx.queryParam("jurisdiction");
          if (code != null) {
            Jurisdiction jurisdiction = set.find(code);
            if (jurisdiction == null) {
              throw ApiException.invalid(
                  "jurisdiction", "unknown jurisdiction " + code.toUpperCase(Locale.ROOT));
            }
            views = inEffectIn(set, jurisdiction, views);
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("version", set.version());
          body.put("on", day.toString());
          body.put("rules", views);
          body.put("changelog", set.changelog());
          JsonBodies.write(ctx, 200, body);
        },
        Role.PLATFORM,
        Role.AUDITOR,
        Role.ADMIN);
  }

  /** The rules a jurisdiction has, its inherited ones included. */
  private static List<RuleView> inEffectIn(
      RuleSet set, Jurisdiction jurisdiction, List<RuleView> views) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    jurisdiction.rules().forEach(rule -> ids.add(rule.id()));
    jurisdiction
        .contentRules()
        .forEach(
            head -> {
              for (var rule = head; rule != null; rule = rule.fallback()) {
                ids.add(rule.id());
              }
            });
    ids.add(jurisdiction.protections().id());
    return views.stream().filter(view -> ids.contains(view.id())).toList();
  }

  @Override
  public String openApiResource() {
    return "openapi/rules.json";
  }
}
