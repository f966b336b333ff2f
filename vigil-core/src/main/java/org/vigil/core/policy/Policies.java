package org.vigil.core.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.error.VigilException;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.PolicyOutcome;

/**
 * The policy versions of this Vigil: submitting, shadowing, activating, reporting and backtesting
 * them, and the compiled live and shadow policies every decision reads.
 *
 * <p>Policies belong to a tenant: a tenant's live version and shadows decide only that tenant's
 * scans and decide calls, a tenant that activated none is decided by the built-in policy, and every
 * operation here acts on the caller's tenant's versions only (another tenant's version is "not
 * found"). The default tenant has the built-in policy stored as its first live version.
 *
 * <p>Decisions call {@link #active(String)} once and use what it returns for the whole decision, so
 * a decision is made by exactly one live version even while another is being activated: activation
 * swaps one immutable map of tenant to {@link Active} in an {@link AtomicReference} after the store
 * has committed the change. Changes are serialised by this object's lock and each is audited.
 */
public final class Policies {

  /** The live policy and the shadow policies, read together by a decision. */
  public record Active(CompiledPolicy live, List<CompiledPolicy> shadows) {
    public Active {
      shadows = List.copyOf(shadows);
    }
  }

  /** The answer to a submission. */
  public record Submitted(StoredPolicy policy, List<PolicyWarning> warnings, boolean created) {}

  private final PolicyStore store;
  private final DecisionLog decisions;
  private final AuditLog audit;
  private final Clock clock;
  private final Function<String, Set<String>> bankNames;

  /** Each tenant with a live or shadow version; the others get {@link #BUILTIN}. */
  private final AtomicReference<Map<String, Active>> active = new AtomicReference<>(Map.of());

  /** What decides for a tenant that never activated a policy of its own. */
  private static final Active BUILTIN = new Active(BuiltinPolicy.get(), List.of());

  /**
   * Loads the live and shadow versions from the store; stores the built-in policy as the default
   * tenant's live version when it has none.
   *
   * @param bankNames the banks a tenant sees now, for the unknown-bank warning
   */
  public Policies(
      PolicyStore store,
      DecisionLog decisions,
      AuditLog audit,
      Clock clock,
      Function<String, Set<String>> bankNames) {
    this.store = store;
    this.decisions = decisions;
    this.audit = audit;
    this.clock = clock;
    this.bankNames = bankNames;
    if (storeBuiltin(Principal.DEFAULT_TENANT)) {
      if (store.list(Principal.DEFAULT_TENANT).stream()
          .noneMatch(p -> p.state() == PolicyState.LIVE)) {
        store.activate(Principal.DEFAULT_TENANT, BuiltinPolicy.get().version(), clock.instant());
      }
    }
    reload();
  }

  /**
   * Stores the built-in policy as a version of {@code tenant} (a draft), so the tenant can shadow
   * it or roll back to it; false when it is stored already.
   */
  private boolean storeBuiltin(String tenant) {
    CompiledPolicy builtin = BuiltinPolicy.get();
    return store.insert(
        new StoredPolicy(
            tenant,
            builtin.version(),
            builtin.name(),
            PolicyState.DRAFT,
            builtin.document().text(),
            clock.instant(),
            "system",
            null,
            null));
  }

  /** The policies that decide {@code tenant}'s scans and decide calls now. */
  public Active active(String tenant) {
    return active.get().getOrDefault(tenant, BUILTIN);
  }

  /**
   * Re-reads live and shadow versions from the store, so an activation made by another server
   * sharing the database takes effect here too; compiles only versions not compiled already.
   */
  public synchronized void reload() {
    Map<String, Active> current = active.get();
    // Compiled versions are immutable and keyed by their text's hash: reuse across tenants.
    Map<String, CompiledPolicy> known = new HashMap<>();
    for (Active each : current.values()) {
      known.put(each.live().version(), each.live());
      for (CompiledPolicy shadow : each.shadows()) {
        known.put(shadow.version(), shadow);
      }
    }
    Map<String, CompiledPolicy> live = new HashMap<>();
    Map<String, List<CompiledPolicy>> shadows = new HashMap<>();
    for (StoredPolicy stored : store.listLiveAndShadow()) {
      CompiledPolicy compiled = known.computeIfAbsent(stored.version(), v -> compile(stored));
      if (stored.state() == PolicyState.LIVE) {
        live.put(stored.tenant(), compiled);
      } else {
        shadows.computeIfAbsent(stored.tenant(), t -> new ArrayList<>()).add(compiled);
      }
    }
    Map<String, Active> next = new HashMap<>();
    for (String tenant : union(live.keySet(), shadows.keySet())) {
      Active was = current.get(tenant);
      Active now =
          new Active(
              live.getOrDefault(tenant, BuiltinPolicy.get()),
              shadows.getOrDefault(tenant, List.of()));
      // Keep the same object when nothing changed, so a decision in flight compares equal.
      next.put(
          tenant,
          was != null && was.live() == now.live() && was.shadows().equals(now.shadows())
              ? was
              : now);
    }
    if (!next.equals(current)) {
      active.set(Map.copyOf(next));
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** {@code tenant}'s policies replaced by {@code next}, in a new map. */
  private void put(String tenant, Active next) {
    Map<String, Active> copy = new HashMap<>(active.get());
    copy.put(tenant, next);
    active.set(Map.copyOf(copy));
  }

  /**
   * Checks and stores a policy as a draft. Submitting a text that is stored already returns the
   * stored version (same text, same version).
   *
   * @throws InvalidPolicyException with the field, line and column of the problem
   */
  public synchronized Submitted submit(String text, Principal by) {
    PolicyDocument document = PolicyParser.parse(text);
    CompiledPolicy compiled = PolicyCompiler.compile(document, bankNames.apply(by.tenant()));
    // The tenant can always roll back to the built-in policy that decided before.
    storeBuiltin(by.tenant());
    StoredPolicy policy =
        new StoredPolicy(
            by.tenant(),
            document.version(),
            document.name(),
            PolicyState.DRAFT,
            text,
            clock.instant(),
            by.actor(),
            null,
            null);
    boolean created = store.insert(policy);
    if (created) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("tenant", by.tenant());
      details.put("name", document.name());
      details.put("rules", document.rules().size());
      details.put("warnings", compiled.warnings().size());
      audit.record(by.actor(), "policy.create", subject(policy.version()), details);
    }
    return new Submitted(
        created ? policy : get(policy.version(), by), compiled.warnings(), created);
  }

  /** The versions of {@code by}'s tenant, newest first. */
  public List<StoredPolicy> list(Principal by) {
    return store.list(by.tenant());
  }

  /** A version of {@code by}'s tenant; another tenant's is "not found". */
  public StoredPolicy get(String version, Principal by) {
    return store
        .find(by.tenant(), version)
        .orElseThrow(() -> VigilException.notFound("policy", version));
  }

  /** The warnings of a stored version, against the banks its tenant sees now. */
  public List<PolicyWarning> warnings(StoredPolicy policy) {
    return PolicyCompiler.compile(
            PolicyParser.parse(policy.source()), bankNames.apply(policy.tenant()))
        .warnings();
  }

  /** Starts evaluating {@code version} beside the live policy of {@code by}'s tenant. */
  public synchronized StoredPolicy shadow(String version, Principal by) {
    StoredPolicy policy = get(version, by);
    if (policy.state() == PolicyState.LIVE) {
      throw VigilException.conflict("policy_live", "policy " + version + " is live already");
    }
    Instant now = clock.instant();
    store.setState(by.tenant(), version, PolicyState.SHADOW, now);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tenant", by.tenant());
    details.put("from", policy.state());
    audit.record(by.actor(), "policy.shadow", subject(version), details);
    reload();
    return get(version, by);
  }

  /**
   * Makes {@code version} the live policy of {@code by}'s tenant; the previous live version is kept
   * as retired.
   */
  public synchronized StoredPolicy activate(String version, Principal by) {
    String tenant = by.tenant();
    StoredPolicy policy = get(version, by);
    CompiledPolicy compiled = compile(policy);
    Active was = active(tenant);
    String previous = was.live().version();
    store.activate(tenant, version, clock.instant());
    List<CompiledPolicy> shadows = new ArrayList<>(was.shadows());
    shadows.removeIf(p -> p.version().equals(version));
    put(tenant, new Active(compiled, shadows));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tenant", tenant);
    details.put("previous", previous);
    audit.record(by.actor(), "policy.activate", subject(version), details);
    return get(version, by);
  }

  /** What a shadow version would have done with the decisions of its tenant it saw. */
  public PolicyReport report(String version, Principal by) {
    StoredPolicy policy = get(version, by);
    CompiledPolicy compiled = compile(policy);
    PolicyReport.Builder report =
        new PolicyReport.Builder(version, "shadow", policy.shadowSince(), null, ruleIds(compiled));
    decisions.forEachShadowedBy(
        by.tenant(),
        version,
        decision -> {
          for (PolicyOutcome shadow : decision.shadow()) {
            if (shadow.policyVersion().equals(version)) {
              report.add(decision, shadow);
            }
          }
        });
    return report.build();
  }

  /**
   * Re-evaluates the stored decisions of {@code by}'s tenant in [from, to) with {@code version} and
   * compares them with what was decided. The live version over its own decisions shows no
   * disagreement.
   */
  public PolicyReport backtest(String version, Instant from, Instant to, Principal by) {
    if (from == null || to == null || !from.isBefore(to)) {
      throw VigilException.invalid("from", "give a time range with from before to");
    }
    CompiledPolicy compiled = compile(get(version, by));
    PolicyReport.Builder report =
        new PolicyReport.Builder(version, "backtest", from, to, ruleIds(compiled));
    decisions.forEach(
        by.tenant(),
        from,
        to,
        decision ->
            report.add(
                decision,
                compiled.evaluate(decision.kind(), decision.signals(), decision.context())));
    PolicyReport result = report.build();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tenant", by.tenant());
    details.put("from", from.toString());
    details.put("to", to.toString());
    details.put("decisions", result.decisions());
    details.put("disagreements", result.disagreements());
    audit.record(by.actor(), "policy.backtest", subject(version), details);
    return result;
  }

  private static List<String> ruleIds(CompiledPolicy policy) {
    return policy.rules().stream().map(r -> r.source().id()).toList();
  }

  private static CompiledPolicy compile(StoredPolicy stored) {
    if (stored.version().equals(BuiltinPolicy.get().version())) {
      return BuiltinPolicy.get();
    }
    return PolicyCompiler.compile(PolicyParser.parse(stored.source()), null);
  }

  private static String subject(String version) {
    return "policy:" + version;
  }
}
