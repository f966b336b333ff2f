package org.vigil.core.policy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.review.NoticeCategory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a policy document. SnakeYAML's node tree is used rather than a data binding because it
 * keeps every node's line and column: an error in {@code rules[3].when} is reported where it is in
 * the file, and CEL's own error positions are shifted onto the document.
 *
 * <pre>
 * name: uploads
 * rules:
 *   - id: ncmec-close
 *     when: 'matches.exists(m, m.bank == "ncmec" &amp;&amp; m.distance &lt;= 10)'
 *     then: [block, preserve_evidence, report_authority]
 *     stop: true
 * </pre>
 */
public final class PolicyParser {

  /** Longest accepted policy text. */
  public static final int MAX_CHARS = 256 * 1024;

  /** Most rules in one policy. */
  public static final int MAX_RULES = 1000;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}");
  private static final Set<String> TOP = Set.of("name", "description", "rules");
  private static final Set<String> RULE =
      Set.of("id", "when", "then", "stop", "code", "explain", "description");

  /** The parameters each action accepts; absent means none. */
  private static final Map<ActionType, Set<String>> PARAMS =
      Map.of(
          ActionType.QUEUE_REVIEW, Set.of("queue", "priority", "category"),
          ActionType.REQUIRE, Set.of("what", "assurance"),
          ActionType.LABEL, Set.of("name"),
          ActionType.PROTECT, Set.of("setting"),
          ActionType.REPORT_AUTHORITY, Set.of("authority", "category"),
          ActionType.NOTIFY_USER, Set.of("template"),
          ActionType.RESTRICT_VISIBILITY, Set.of("scope"),
          ActionType.AGE_RESTRICT, Set.of("min_age"),
          ActionType.SUSPEND_ACCOUNT, Set.of("days"));

  private static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
  private static final Set<String> REQUIREMENTS =
      Set.of("parental_consent", "age_assurance", "target_consent");

  private PolicyParser() {}

  /**
   * Parses {@code text}.
   *
   * @throws InvalidPolicyException naming the field, line and column of the first problem
   */
  public static PolicyDocument parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidPolicyException("body", 0, 0, "the policy is empty");
    }
    if (text.length() > MAX_CHARS) {
      throw new InvalidPolicyException("body", 0, 0, "the policy is longer than 256 KiB");
    }
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(10);
      options.setAllowDuplicateKeys(false);
      options.setCodePointLimit(MAX_CHARS * 4);
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new InvalidPolicyException(
          "body",
          mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1,
          "not valid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
    } catch (YAMLException e) {
      throw new InvalidPolicyException(
          "body", 0, 0, "not valid YAML: " + firstLine(e.getMessage()));
    }
    if (!(root instanceof MappingNode top)) {
      throw error("body", root, "a policy is a mapping with 'name' and 'rules'");
    }
    Map<String, Node> fields = fields(top, TOP, "");
    String name = scalar(fields.get("name"), "name", top, true);
    Node rulesNode = fields.get("rules");
    if (!(rulesNode instanceof SequenceNode sequence)) {
      throw error("rules", rulesNode == null ? top : rulesNode, "'rules' must be a list of rules");
    }
    if (sequence.getValue().size() > MAX_RULES) {
      throw error("rules", sequence, "at most " + MAX_RULES + " rules");
    }
    List<PolicyRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      PolicyRule rule = rule(sequence.getValue().get(i), "rules[" + i + "]");
      if (!ids.add(rule.id())) {
        throw error(
            "rules[" + i + "].id",
            sequence.getValue().get(i),
            "duplicate rule id '" + rule.id() + "'");
      }
      rules.add(rule);
    }
    return new PolicyDocument(name, rules, text, version(text));
  }

  /** The version of a policy text: the first 16 hex digits (64 bits) of its SHA-256. */
  public static String version(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PolicyRule rule(Node node, String path) {
    if (!(node instanceof MappingNode mapping)) {
      throw error(path, node, "a rule is a mapping with 'id', 'when' and 'then'");
    }
    Map<String, Node> fields = fields(mapping, RULE, path + ".");
    String id = scalar(fields.get("id"), path + ".id", mapping, true);
    if (!ID.matcher(id).matches()) {
      throw error(
          path + ".id",
          fields.get("id"),
          "a rule id is 1 to 100 letters, digits and _ . : / - (starting with a letter or digit)");
    }
    Node whenNode = fields.get("when");
    String when = scalar(whenNode, path + ".when", mapping, true);
    if (when.isBlank()) {
      throw error(path + ".when", whenNode, "the condition is empty");
    }
    ScalarNode whenScalar = (ScalarNode) whenNode;
    DumperOptions.ScalarStyle style = whenScalar.getScalarStyle();
    int line = whenScalar.getStartMark().getLine() + 1;
    int column = whenScalar.getStartMark().getColumn() + 1;
    boolean literal = false;
    if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED
        || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
      column++;
    } else if (style == DumperOptions.ScalarStyle.LITERAL
        || style == DumperOptions.ScalarStyle.FOLDED) {
      // The block starts on the line after the indicator, at the block's indentation.
      line++;
      column = blockIndent(whenScalar) + 1;
      literal = style == DumperOptions.ScalarStyle.LITERAL;
    }
    Node thenNode = fields.get("then");
    List<Action> actions = actions(thenNode, path + ".then", mapping);
    boolean stop = false;
    Node stopNode = fields.get("stop");
    if (stopNode != null) {
      String value = scalar(stopNode, path + ".stop", mapping, true);
      if (!value.equals("true") && !value.equals("false")) {
        throw error(path + ".stop", stopNode, "stop is true or false");
      }
      stop = value.equals("true");
    }
    String code = scalar(fields.get("code"), path + ".code", mapping, false);
    String explain = scalar(fields.get("explain"), path + ".explain", mapping, false);
    return new PolicyRule(
        id,
        when,
        actions,
        stop,
        code == null ? "policy_rule" : code,
        explain,
        line,
        column,
        literal);
  }

  private static int blockIndent(ScalarNode node) {
    // The end mark of a block scalar is after its last line; its content lines share the indent of
    // the first non-empty one. SnakeYAML does not expose it, so read it from the mark's buffer.
    Mark start = node.getStartMark();
    int[] buffer = start.getBuffer();
    int i = start.getIndex();
    while (i < buffer.length && buffer[i] != '\n') {
      i++;
    }
    i++;
    int indent = 0;
    while (i + indent < buffer.length && buffer[i + indent] == ' ') {
      indent++;
    }
    return indent;
  }

  private static List<Action> actions(Node node, String path, Node parent) {
    if (node == null) {
      throw error(path, parent, "'then' is required: the actions to take");
    }
    List<Node> items;
    if (node instanceof SequenceNode sequence) {
      items = sequence.getValue();
    } else {
      items = List.of(node);
    }
    if (items.isEmpty()) {
      throw error(path, node, "'then' lists at least one action");
    }
    List<Action> actions = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      actions.add(action(items.get(i), path + "[" + i + "]"));
    }
    return actions;
  }

  private static Action action(Node node, String path) {
    if (node instanceof ScalarNode scalar) {
      return new Action(type(scalar.getValue(), path, node), Map.of());
    }
    if (node instanceof MappingNode mapping && mapping.getValue().size() == 1) {
      NodeTuple tuple = mapping.getValue().get(0);
      String name = scalar(tuple.getKeyNode(), path, node, true);
      ActionType type = type(name, path, tuple.getKeyNode());
      Map<String, String> params = new LinkedHashMap<>();
      Node paramsNode = tuple.getValueNode();
      if (paramsNode instanceof MappingNode paramsMap) {
        Set<String> allowed = PARAMS.getOrDefault(type, Set.of());
        for (NodeTuple param : paramsMap.getValue()) {
          String key = scalar(param.getKeyNode(), path, node, true);
          if (!allowed.contains(key)) {
            throw error(
                path + "." + name + "." + key,
                param.getKeyNode(),
                allowed.isEmpty()
                    ? name + " takes no parameters"
                    : "unknown parameter '" + key + "' of " + name + "; expected " + allowed);
          }
          params.put(
              key,
              scalar(
                  param.getValueNode(), path + "." + name + "." + key, param.getKeyNode(), true));
        }
      } else if (!(paramsNode instanceof ScalarNode empty && empty.getValue().isEmpty())) {
        throw error(path + "." + name, paramsNode, "parameters of " + name + " are a mapping");
      }
      check(type, params, path + "." + name, node);
      return new Action(type, params);
    }
    throw error(path, node, "an action is a name (block) or a mapping ({queue_review: {...}})");
  }

  private static void check(ActionType type, Map<String, String> params, String path, Node node) {
    if (type == ActionType.QUEUE_REVIEW
        && params.containsKey("priority")
        && !PRIORITIES.contains(params.get("priority"))) {
      throw error(path + ".priority", node, "priority is one of " + PRIORITIES);
    }
    if (params.containsKey("category") && NoticeCategory.fromWire(params.get("category")) == null) {
      // The review case's category (docs/policy.md): the notice categories' names.
      throw error(path + ".category", node, "category is one of " + NoticeCategory.wireNames());
    }
    if (type == ActionType.REQUIRE) {
      String what = params.get("what");
      if (what == null || !REQUIREMENTS.contains(what)) {
        throw error(path + ".what", node, "require needs 'what', one of " + REQUIREMENTS);
      }
    }
  }

  private static ActionType type(String name, String path, Node node) {
    try {
      return ActionType.fromWire(name);
    } catch (IllegalArgumentException e) {
      throw error(path, node, e.getMessage());
    }
  }

  private static Map<String, Node> fields(MappingNode mapping, Set<String> known, String prefix) {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw error(prefix + "?", tuple.getKeyNode(), "keys are plain names");
      }
      if (!known.contains(key.getValue())) {
        throw error(
            prefix + key.getValue(),
            key,
            "unknown field '" + key.getValue() + "'; expected one of " + known);
      }
      fields.put(key.getValue(), tuple.getValueNode());
    }
    return fields;
  }

  private static String scalar(Node node, String path, Node parent, boolean required) {
    if (node == null) {
      if (required) {
        throw error(path, parent, "'" + path + "' is required");
      }
      return null;
    }
    if (!(node instanceof ScalarNode scalar)) {
      throw error(path, node, "'" + path + "' must be a single value");
    }
    return scalar.getValue();
  }

  private static InvalidPolicyException error(String field, Node node, String message) {
    if (node == null) {
      return new InvalidPolicyException(field, 0, 0, message);
    }
    Mark mark = node.getStartMark();
    return new InvalidPolicyException(field, mark.getLine() + 1, mark.getColumn() + 1, message);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
