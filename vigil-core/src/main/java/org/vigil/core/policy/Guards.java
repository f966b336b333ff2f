package org.vigil.core.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cheap necessary conditions read off a rule's syntax tree, so most rules need no CEL evaluation:
 * if a rule's condition is {@code A && B} and {@code A} is {@code content.type == "video"}, the
 * rule cannot fire on an image; if it is {@code matches.exists(m, m.bank == "ncmec" && ...)}, it
 * cannot fire without an ncmec match. A guard only ever says "cannot fire", never "fires", so
 * skipping a rule whose guard fails gives exactly what evaluating it would (false, or an error,
 * which does not fire either).
 *
 * <p>Recognised: conjunctions ({@code &&}) at the top, disjunctions of the same field, equality of
 * a field of a map variable with a string literal, and {@code exists} over a list variable whose
 * predicate contains such an equality on the loop variable.
 */
final class Guards {

  /**
   * One necessary condition: {@code variable.field} (or, for a list variable, some element's {@code
   * field}) is one of {@code values}.
   */
  record Guard(String variable, String field, Set<String> values, boolean list) {

    @SuppressWarnings("unchecked")
    boolean holds(Map<String, Object> variables) {
      Object value = variables.get(variable);
      if (list) {
        if (!(value instanceof List<?> items)) {
          return true;
        }
        for (Object item : items) {
          if (item instanceof Map<?, ?> map) {
            Object element = map.get(field);
            if (element != null && values.contains(element)) {
              return true;
            }
          }
        }
        return false;
      }
      if (!(value instanceof Map<?, ?> map)) {
        return true;
      }
      Object field = ((Map<String, Object>) map).get(this.field);
      // A missing field fails the comparison (an error, which does not fire): the guard fails too.
      return field != null && values.contains(field);
    }
  }

  /**
   * A condition that is exactly {@code list.exists(x, <tests>)} where the tests are equalities of
   * the loop variable's fields with string literals (or disjunctions of them over one field),
   * joined by {@code &&}: for a list it is decided here, without CEL. CEL gives the same: the
   * exists is true exactly when some element passes every test (an error on another element is
   * absorbed by the {@code ||}), and an element that is not a map, lacks the field or holds another
   * value passes no test (false or an error, neither of which fires).
   */
  record Exists(String variable, List<Guard> tests) {

    /** True or false when decided here, null when CEL must decide (the variable is no list). */
    Boolean test(Map<String, Object> variables) {
      if (!(variables.get(variable) instanceof List<?> items)) {
        return null;
      }
      for (Object item : items) {
        if (item instanceof Map<?, ?> map && passes(map)) {
          return Boolean.TRUE;
        }
      }
      return Boolean.FALSE;
    }

    private boolean passes(Map<?, ?> element) {
      for (Guard test : tests) {
        Object value = element.get(test.field());
        if (value == null || !test.values().contains(value)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The condition as an {@link Exists}, or null when it has any other shape. */
  static Exists exactExists(CelAbstractSyntaxTree ast) {
    CelExpr expr = ast.getExpr();
    if (expr.getKind() != CelExpr.ExprKind.Kind.COMPREHENSION) {
      return null;
    }
    CelExpr.CelComprehension loop = expr.comprehension();
    CelExpr predicate = existsPredicate(loop);
    if (predicate == null) {
      return null;
    }
    List<Guard> tests = new ArrayList<>();
    if (!exactTests(predicate, loop.iterVar(), tests)) {
      return null;
    }
    return new Exists(loop.iterRange().ident().name(), List.copyOf(tests));
  }

  /** Adds the tests {@code expr} is made of; false when it is anything but tests and {@code &&}. */
  private static boolean exactTests(CelExpr expr, String loopVar, List<Guard> tests) {
    if (isCall(expr, "_&&_")) {
      for (CelExpr arg : expr.call().args()) {
        if (!exactTests(arg, loopVar, tests)) {
          return false;
        }
      }
      return true;
    }
    if (!isCall(expr, "_==_") && !isCall(expr, "_||_")) {
      return false;
    }
    Guard test = guard(expr, loopVar);
    if (test == null || !test.variable().equals(loopVar)) {
      return false;
    }
    tests.add(test);
    return true;
  }

  private Guards() {}

  /** The guards of a condition; empty when none is recognised. */
  static List<Guard> of(CelAbstractSyntaxTree ast) {
    List<Guard> guards = new ArrayList<>();
    collect(ast.getExpr(), guards);
    return guards;
  }

  private static void collect(CelExpr expr, List<Guard> guards) {
    if (isCall(expr, "_&&_")) {
      for (CelExpr arg : expr.call().args()) {
        collect(arg, guards);
      }
      return;
    }
    Guard guard = guard(expr, null);
    if (guard != null) {
      guards.add(guard);
    }
  }

  /**
   * The guard of {@code expr}: an equality of a variable's field with a literal, a disjunction of
   * such over one field, or an exists over a list variable. {@code loopVar} is the loop variable
   * when inside an exists predicate.
   */
  private static Guard guard(CelExpr expr, String loopVar) {
    if (isCall(expr, "_==_")) {
      return equality(expr, loopVar);
    }
    if (isCall(expr, "_||_")) {
      Guard left = guard(expr.call().args().get(0), loopVar);
      Guard right = guard(expr.call().args().get(1), loopVar);
      if (left != null
          && right != null
          && left.variable().equals(right.variable())
          && left.field().equals(right.field())
          && left.list() == right.list()) {
        Set<String> values = new HashSet<>(left.values());
        values.addAll(right.values());
        return new Guard(left.variable(), left.field(), Set.copyOf(values), left.list());
      }
      return null;
    }
    if (loopVar != null && isCall(expr, "_&&_")) {
      for (CelExpr arg : expr.call().args()) {
        Guard inner = guard(arg, loopVar);
        if (inner != null) {
          return inner;
        }
      }
      return null;
    }
    if (loopVar == null && expr.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
      return exists(expr.comprehension());
    }
    return null;
  }

  /** {@code list.exists(x, ... x.field == "v" ...)}: some element's field is v. */
  private static Guard exists(CelExpr.CelComprehension loop) {
    CelExpr predicate = existsPredicate(loop);
    if (predicate == null) {
      return null;
    }
    Guard inner = guard(predicate, loop.iterVar());
    if (inner == null || !inner.variable().equals(loop.iterVar())) {
      return null;
    }
    return new Guard(loop.iterRange().ident().name(), inner.field(), inner.values(), true);
  }

  /**
   * The predicate of {@code variable.exists(x, predicate)} over an input variable, or null when
   * {@code loop} is any other comprehension.
   */
  private static CelExpr existsPredicate(CelExpr.CelComprehension loop) {
    CelExpr range = loop.iterRange();
    if (range.getKind() != CelExpr.ExprKind.Kind.IDENT
        || !PolicyInputs.VARIABLES.contains(range.ident().name())
        || !loop.iterVar2().isEmpty()) {
      return null;
    }
    // exists: starts false, each step is accumulator || predicate, the result is the accumulator.
    CelExpr init = loop.accuInit();
    if (init.getKind() != CelExpr.ExprKind.Kind.CONSTANT
        || init.constant().getKind() != CelConstant.Kind.BOOLEAN_VALUE
        || init.constant().booleanValue()
        || !isIdent(loop.result(), loop.accuVar())
        || !isCall(loop.loopStep(), "_||_")) {
      return null;
    }
    List<CelExpr> args = loop.loopStep().call().args();
    if (isIdent(args.get(0), loop.accuVar())) {
      return args.get(1);
    } else if (isIdent(args.get(1), loop.accuVar())) {
      return args.get(0);
    }
    return null;
  }

  private static Guard equality(CelExpr expr, String loopVar) {
    CelExpr a = expr.call().args().get(0);
    CelExpr b = expr.call().args().get(1);
    CelExpr select = isString(b) ? a : isString(a) ? b : null;
    CelExpr literal = select == a ? b : a;
    if (select == null || select.getKind() != CelExpr.ExprKind.Kind.SELECT) {
      return null;
    }
    CelExpr operand = select.select().operand();
    if (operand.getKind() != CelExpr.ExprKind.Kind.IDENT || select.select().testOnly()) {
      return null;
    }
    String name = operand.ident().name();
    boolean loop = name.equals(loopVar);
    if (!loop && (loopVar != null || !MAP_VARIABLES.contains(name))) {
      return null;
    }
    return new Guard(
        name, select.select().field(), Set.of(literal.constant().stringValue()), false);
  }

  /** Variables that are maps of plain fields (the list variables are guarded through exists). */
  private static final Set<String> MAP_VARIABLES =
      Set.of("content", "uploader", "actor", "target", "reports", "request");

  private static boolean isString(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
        && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE;
  }

  private static boolean isIdent(CelExpr expr, String name) {
    return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(name);
  }

  private static boolean isCall(CelExpr expr, String function) {
    return expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals(function);
  }
}
