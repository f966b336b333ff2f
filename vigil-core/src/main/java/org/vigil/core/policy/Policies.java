package org.vigil.core.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.error.VigilException;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.PolicyOutcome;

/**
 * The policy versions of this Vigil: submitting, shadowing, activating, reporting and backtesting
 * them, and the compiled live and shadow policies every decision reads.
 *
 * <p>Decisions call {@link #active()} once and use what it returns for the whole decision, so a
 * decision is made by exactly one live version even while another is being activated: activation
 * swaps one immutable {@link Active} in an {@link AtomicReference} after the store has committed
 * the change. Changes are serialised by this object's lock and each is audited.
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
  private final Supplier<Set<String>> bankNames;
  private final AtomicReference<Active> active = new AtomicReference<>();

  /**
   * Loads the live and shadow versions from the store; stores the built-in policy as the live
   * version when none is.
   *
   * @param bankNames the banks that exist now, for the unknown-bank warning
   */
  public Policies(
      PolicyStore store,
      DecisionLog decisions,
      AuditLog audit,
      Clock clock,
      Supplier<Set<String>> bankNames) {
    this.store = store;
    this.decisions = decisions;
    this.audit = audit;
    this.clock = clock;
    this.bankNames = bankNames;
    CompiledPolicy builtin = BuiltinPolicy.get();
    if (store.insert(
        new StoredPolicy(
            builtin.version(),
            builtin.name(),
            PolicyState.DRAFT,
            builtin.document().text(),
            clock.instant(),
            "system",
            null,
            null))) {
      if (store.list().stream().noneMatch(p -> p.state() == PolicyState.LIVE)) {
        store.activate(builtin.version(), clock.instant());
      }
    }
    reload();
  }

  /** The policies decisions use now. */
  public Active active() {
    return active.get();
  }

  /**
   * Re-reads live and shadow versions from the store, so an activation made by another server
   * sharing the database takes effect here too; compiles only versions not compiled already.
   */
  public synchronized void reload() {
    Active current = active.get();
    Map<String, CompiledPolicy> known = new java.util.HashMap<>();
    if (current != null) {
      known.put(current.live().version(), current.live());
      for (CompiledPolicy shadow : current.shadows()) {
        known.put(shadow.version(), shadow);
      }
    }
    CompiledPolicy live = null;
    List<CompiledPolicy> shadows = new ArrayList<>();
    for (StoredPolicy stored : store.list()) {
      if (stored.state() == PolicyState.LIVE) {
        live = known.containsKey(stored.version()) ? known.get(stored.version()) : compile(stored);
      } else if (stored.state() == PolicyState.SHADOW) {
        shadows.add(
            known.containsKey(stored.version()) ? known.get(stored.version()) : compile(stored));
      }
    }
    Active next = new Active(live == null ? BuiltinPolicy.get() : live, shadows);
    if (current == null
        || current.live() != next.live()
        || !current.shadows().equals(next.shadows())) {
      active.set(next);
    }
  }

  /**
   * Checks and stores a policy as a draft. Submitting a text that is stored already returns the
   * stored version (same text, same version).
   *
   * @throws InvalidPolicyException with the field, line and column of the problem
   */
  public synchronized Submitted submit(String text, Principal by) {
    PolicyDocument document = PolicyParser.parse(text);
    CompiledPolicy compiled = PolicyCompiler.compile(document, bankNames.get());
    StoredPolicy policy =
        new StoredPolicy(
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
      details.put("name", document.name());
      details.put("rules", document.rules().size());
      details.put("warnings", compiled.warnings().size());
      audit.record(by.actor(), "policy.create", subject(policy.version()), details);
    }
    return new Submitted(created ? policy : get(policy.version()), compiled.warnings(), created);
  }

  public List<StoredPolicy> list() {
    return store.list();
  }

  public StoredPolicy get(String version) {
    return store.find(version).orElseThrow(() -> VigilException.notFound("policy", version));
  }

  /** The warnings of a stored version, against the banks that exist now. */
  public List<PolicyWarning> warnings(StoredPolicy policy) {
    return PolicyCompiler.compile(PolicyParser.parse(policy.source()), bankNames.get()).warnings();
  }

  /** Starts evaluating {@code version} beside the live policy. */
  public synchronized StoredPolicy shadow(String version, Principal by) {
    StoredPolicy policy = get(version);
    if (policy.state() == PolicyState.LIVE) {
      throw VigilException.conflict("policy_live", "policy " + version + " is live already");
    }
    Instant now = clock.instant();
    store.setState(version, PolicyState.SHADOW, now);
    audit.record(by.actor(), "policy.shadow", subject(version), Map.of("from", policy.state()));
    reload();
    return get(version);
  }

  /** Makes {@code version} the live policy; the previous live version is kept as retired. */
  public synchronized StoredPolicy activate(String version, Principal by) {
    StoredPolicy policy = get(version);
    CompiledPolicy compiled = compile(policy);
    String previous = active.get().live().version();
    store.activate(version, clock.instant());
    List<CompiledPolicy> shadows = new ArrayList<>(active.get().shadows());
    shadows.removeIf(p -> p.version().equals(version));
    active.set(new Active(compiled, shadows));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("previous", previous);
    audit.record(by.actor(), "policy.activate", subject(version), details);
    return get(version);
  }

  /** What a shadow version would have done with the decisions it saw. */
  public PolicyReport report(String version) {
    StoredPolicy policy = get(version);
    CompiledPolicy compiled = compile(policy);
    PolicyReport.Builder report =
        new PolicyReport.Builder(version, "shadow", policy.shadowSince(), null, ruleIds(compiled));
    decisions.forEachShadowedBy(
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
   * Re-evaluates the stored decisions of [from, to) with {@code version} and compares them with
   * what was decided. The live version over its own decisions shows no disagreement.
   */
  public PolicyReport backtest(String version, Instant from, Instant to, Principal by) {
    if (from == null || to == null || !from.isBefore(to)) {
      throw VigilException.invalid("from", "give a time range with from before to");
    }
    CompiledPolicy compiled = compile(get(version));
    PolicyReport.Builder report =
        new PolicyReport.Builder(version, "backtest", from, to, ruleIds(compiled));
    decisions.forEach(
        from,
        to,
        decision ->
            report.add(
                decision,
                compiled.evaluate(decision.kind(), decision.signals(), decision.context())));
    PolicyReport result = report.build();
    Map<String, Object> details = new LinkedHashMap<>();
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
