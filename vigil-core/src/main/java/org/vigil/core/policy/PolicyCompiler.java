package org.vigil.core.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigil.core.records.DecisionKind;

/**
 * Compiles a {@link PolicyDocument} once into a {@link CompiledPolicy}: each rule's condition is
 * type-checked on its own (so an error names its rule, line and column) and analysed for the
 * shortcuts of {@link CompiledPolicy}. Warnings flag rules that look like mistakes.
 */
public final class PolicyCompiler {

  static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

  private static final CelCompiler RULES = compiler();
  static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private static final Pattern BANK_LITERAL =
      Pattern.compile(
          "\\.bank\\s*==\\s*[\"']([^\"']*)[\"']|[\"']([^\"']*)[\"']\\s*==\\s*\\w+\\.bank");

  private PolicyCompiler() {}

  private static CelCompiler compiler() {
    MapType record = MapType.create(SimpleType.STRING, SimpleType.DYN);
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("matches", ListType.create(record))
            .addVar("content", record)
            .addVar("uploader", record)
            .addVar("actor", record)
            .addVar("target", record)
            .addVar("court_orders", ListType.create(record))
            .addVar("reports", record)
            .addVar("scores", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
            .addVar("age_rules", ListType.create(record))
            .addVar("request", record)
            .addVar("held", ListType.create(record));
    return builder.setResultType(SimpleType.BOOL).build();
  }

  /**
   * Compiles {@code document}.
   *
   * @param knownBanks the banks that exist, for the unknown-bank warning (null: no check)
   * @throws InvalidPolicyException for the first rule that does not compile
   */
  public static CompiledPolicy compile(PolicyDocument document, Set<String> knownBanks) {
    List<PolicyRule> rules = document.rules();
    List<CompiledPolicy.Rule> compiled = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      PolicyRule rule = rules.get(i);
      CelAbstractSyntaxTree ast = check(rule, "rules[" + i + "].when");
      try {
        compiled.add(
            new CompiledPolicy.Rule(
                i,
                rule,
                RUNTIME.createProgram(ast),
                readMask(ast),
                Guards.of(ast),
                Guards.exactExists(ast)));
      } catch (CelEvaluationException e) {
        throw new InvalidPolicyException(
            "rules[" + i + "].when", rule.whenLine(), rule.whenColumn(), e.getMessage());
      }
    }
    CompiledPolicy policy = new CompiledPolicy(document, compiled);
    return policy.withWarnings(warnings(policy, knownBanks));
  }

  /** For tests: the checked syntax tree of a condition that compiles. */
  static CelAbstractSyntaxTree parseCondition(String when) {
    try {
      return RULES.compile(when).getAst();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static CelAbstractSyntaxTree check(PolicyRule rule, String field) {
    try {
      return RULES.compile(rule.when()).getAst();
    } catch (CelValidationException e) {
      CelIssue issue = e.getErrors().isEmpty() ? null : e.getErrors().get(0);
      if (issue == null) {
        throw new InvalidPolicyException(
            field, rule.whenLine(), rule.whenColumn(), "condition does not compile");
      }
      int[] at =
          rule.documentPosition(
              issue.getSourceLocation().getLine(), issue.getSourceLocation().getColumn());
      throw new InvalidPolicyException(
          field, at[0], at[1], "condition does not compile: " + issue.getMessage());
    }
  }

  /** One bit per variable of {@link PolicyInputs#VARIABLES} the condition names. */
  private static long readMask(CelAbstractSyntaxTree ast) {
    long mask = 0;
    for (CelExpr expr :
        CelNavigableAst.fromAst(ast).getRoot().allNodes().map(n -> n.expr()).toList()) {
      if (expr.getKind() == CelExpr.ExprKind.Kind.IDENT) {
        int bit = PolicyInputs.VARIABLES.indexOf(expr.ident().name());
        if (bit >= 0) {
          mask |= 1L << bit;
        }
      } else if (expr.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION
          && PolicyInputs.VARIABLES.contains(expr.comprehension().iterVar())) {
        // A loop variable shadowing a policy variable: be safe, treat the rule as reading all.
        return -1L;
      }
    }
    return mask;
  }

  private static List<PolicyWarning> warnings(CompiledPolicy policy, Set<String> knownBanks) {
    List<PolicyWarning> warnings = new ArrayList<>();
    Map<String, Object> empty = PolicyInputs.of(DecisionKind.CONTENT, List.of(), Map.of());
    Map<String, Object> sample = SampleInputs.rich();
    String stoppedBy = null;
    for (CompiledPolicy.Rule rule : policy.rules()) {
      String id = rule.source().id();
      if (stoppedBy != null) {
        warnings.add(
            new PolicyWarning(
                id,
                "shadowed_by_stop",
                "never evaluated: rule '"
                    + stoppedBy
                    + "' always fires and stops evaluation before it"));
      }
      Object onEmpty = rule.tryEvaluate(empty);
      Object onSample = rule.tryEvaluate(sample);
      if (rule.readMask() == 0 && Boolean.FALSE.equals(onEmpty)) {
        warnings.add(
            new PolicyWarning(id, "never_fires", "the condition reads no signal and is false"));
      } else if (onSample instanceof CelEvaluationException error) {
        // The sample carries every documented field: failing there means a misspelt field or a
        // type mismatch, and a failing condition never fires.
        warnings.add(
            new PolicyWarning(
                id,
                "never_fires",
                "the condition fails on an input with every field set: " + error.getMessage()));
      }
      if (stoppedBy == null
          && rule.source().stop()
          && rule.readMask() == 0
          && Boolean.TRUE.equals(onEmpty)) {
        stoppedBy = id;
      }
      if (knownBanks != null) {
        Set<String> unknown = new TreeSet<>();
        Matcher matcher = BANK_LITERAL.matcher(rule.source().when());
        while (matcher.find()) {
          String bank = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
          if (!knownBanks.contains(bank)) {
            unknown.add(bank);
          }
        }
        for (String bank : unknown) {
          warnings.add(
              new PolicyWarning(id, "unknown_bank", "no bank named '" + bank + "' exists"));
        }
      }
    }
    return warnings;
  }
}
