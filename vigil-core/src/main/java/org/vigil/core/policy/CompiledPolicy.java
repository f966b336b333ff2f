package org.vigil.core.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.Verdict;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.FiredRule;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.Signal;

/**
 * A policy ready to decide: immutable and thread-safe, built once by {@link PolicyCompiler}.
 *
 * <p>Hot path. A CEL evaluation costs about a microsecond or more whatever its size, so a decision
 * must not pay one per rule. Three facts make it cheap: (1) each rule knows which variables it
 * reads (a bit mask over {@link PolicyInputs#VARIABLES}), and its result on an input where all of
 * those variables are empty is computed once at compile time; most decisions carry few signals, so
 * most rules need no evaluation at all; (2) when many rules do need one, all conditions are
 * evaluated in a single CEL program that returns a list of booleans. Both give exactly what
 * evaluating each rule in turn gives (rules are pure); (3) a rule that is only {@code
 * list.exists(x, x.field == "v" && ...)}, as the built-in policy's age and bank rules are, is
 * decided by {@link Guards.Exists} without CEL (a decide call ran one to three CEL evaluations,
 * some 3 % of its server CPU). {@code CompiledPolicyTest} checks it against the one-by-one
 * evaluation, and {@code PolicyBenchmark} in vigil-bench measures it.
 *
 * <p>A condition that fails at run time (a missing key, a type mismatch) does not fire.
 */
public final class CompiledPolicy {

  /** A compiled rule. */
  public static final class Rule {
    private final int index;
    private final PolicyRule source;
    private final CelRuntime.Program program;
    private final long readMask;
    private final Guards.Guard[] guards;
    private final boolean onEmpty;
    // Non-null when the whole condition is an exists that Guards decides without CEL.
    private final Guards.Exists exact;

    Rule(
        int index,
        PolicyRule source,
        CelRuntime.Program program,
        long readMask,
        List<Guards.Guard> guards,
        Guards.Exists exact) {
      this.index = index;
      this.exact = exact;
      this.source = source;
      this.program = program;
      this.readMask = readMask;
      this.guards = guards.toArray(new Guards.Guard[0]);
      Object empty = tryEvaluate(PolicyInputs.of(DecisionKind.CONTENT, List.of(), Map.of()));
      this.onEmpty = Boolean.TRUE.equals(empty);
    }

    public PolicyRule source() {
      return source;
    }

    public int index() {
      return index;
    }

    long readMask() {
      return readMask;
    }

    /** The result, or the evaluation error. */
    Object tryEvaluate(Map<String, Object> variables) {
      try {
        // A resolver reads the map in place; eval(Map) would copy it into an activation per call.
        return program.eval((CelVariableResolver) name -> Optional.ofNullable(variables.get(name)));
      } catch (CelEvaluationException e) {
        return e;
      }
    }

    boolean holds(Map<String, Object> variables) {
      return Boolean.TRUE.equals(tryEvaluate(variables));
    }

    /** As {@link #holds}, without CEL when the condition is an exists {@link Guards} decides. */
    boolean decide(Map<String, Object> variables) {
      if (exact != null) {
        Boolean decided = exact.test(variables);
        if (decided != null) {
          return decided;
        }
      }
      return holds(variables);
    }

    /** False when a necessary condition fails: the rule cannot fire on these variables. */
    boolean mayFire(Map<String, Object> variables) {
      for (Guards.Guard guard : guards) {
        if (!guard.holds(variables)) {
          return false;
        }
      }
      return true;
    }
  }

  private final PolicyDocument document;
  private final List<Rule> rules;
  private final List<PolicyWarning> warnings;

  CompiledPolicy(PolicyDocument document, List<Rule> rules) {
    this(document, rules, List.of());
  }

  private CompiledPolicy(PolicyDocument document, List<Rule> rules, List<PolicyWarning> warnings) {
    this.document = document;
    this.rules = List.copyOf(rules);
    this.warnings = List.copyOf(warnings);
  }

  CompiledPolicy withWarnings(List<PolicyWarning> found) {
    return new CompiledPolicy(document, rules, found);
  }

  public String version() {
    return document.version();
  }

  public String name() {
    return document.name();
  }

  public PolicyDocument document() {
    return document;
  }

  public List<Rule> rules() {
    return rules;
  }

  public List<PolicyWarning> warnings() {
    return warnings;
  }

  /** Decides on a decision's signals and context. */
  public PolicyOutcome evaluate(
      DecisionKind kind, List<Signal> signals, Map<String, Object> context) {
    Map<String, Object> variables = PolicyInputs.of(kind, signals, context);
    boolean[] fired = fired(variables);
    List<FiredRule> firedRules = new ArrayList<>(4);
    List<Action> actions = new ArrayList<>(4);
    Verdict verdict = Verdict.ALLOW;
    for (Rule rule : rules) {
      if (!fired[rule.index]) {
        continue;
      }
      PolicyRule source = rule.source;
      firedRules.add(
          new FiredRule(
              source.id(),
              source.explain() != null
                  ? source.explain()
                  : Explanations.of(source, rule.readMask, signals),
              source.then(),
              source.code()));
      for (Action action : source.then()) {
        if (!actions.contains(action)) {
          actions.add(action);
        }
        if (action.type().verdict() != null) {
          verdict = verdict.max(action.type().verdict());
        }
      }
      if (source.stop()) {
        break;
      }
    }
    return new PolicyOutcome(version(), firedRules, verdict, actions);
  }

  /** Which rules' conditions hold, ignoring {@code stop}. */
  boolean[] fired(Map<String, Object> variables) {
    boolean[] fired = new boolean[rules.size()];
    long present = PolicyInputs.presentMask(variables);
    for (Rule rule : rules) {
      if (!rule.mayFire(variables)) {
        fired[rule.index] = false;
      } else if ((rule.readMask & present) == 0) {
        fired[rule.index] = rule.onEmpty;
      } else {
        fired[rule.index] = rule.decide(variables);
      }
    }
    return fired;
  }

  /** For tests: each rule evaluated on its own, without the shortcuts. */
  boolean[] firedOneByOne(Map<String, Object> variables) {
    boolean[] fired = new boolean[rules.size()];
    for (Rule rule : rules) {
      fired[rule.index] = rule.holds(variables);
    }
    return fired;
  }
}
