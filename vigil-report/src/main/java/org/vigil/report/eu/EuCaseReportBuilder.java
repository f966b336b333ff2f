package org.vigil.report.eu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.reports.EuAuthority;
import org.vigil.core.reports.EuCaseExport;
import org.vigil.core.reports.EuExportFormat;
import org.vigil.core.reports.Filing;
import org.vigil.core.review.CaseDecision;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.ModerationAction;
import org.vigil.core.review.Notice;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.Priority;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.Signal;

/**
 * Turns a case into Vigil's EU export (format {@value EuAuthority#FORMAT_VERSION}): the items
 * Article 13(1) of COM(2022) 209 asks a report to contain, as far as Vigil knows them, mapped in
 * docs/eu-export.md and {@link EuExportMapping}. Like the CyberTipline builder, grooming and
 * sexualised comments are first-class text-only reports (solicitation); a csam case is known
 * material when a hash list matched it, new material otherwise.
 *
 * <p>Evidence is described by its digests only. User identifiers and IP addresses are included only
 * when the authority's configuration says it is lawful to send them; otherwise the document says
 * they were withheld. The document is checked against the bundled schema before it is returned, so
 * an invalid export never leaves.
 */
public final class EuCaseReportBuilder implements EuExportFormat {

  static final String FORMAT_NAME = "vigil-eu-case-report";
  static final List<String> LEGAL_BASIS =
      List.of(
          "COM(2022) 209, Articles 12 and 13 and Annex III (proposal; structure followed, not yet"
              + " law)",
          "Regulation (EU) 2021/1232 as amended by Regulation (EU) 2024/1307");

  /** Platform context keys a scan may carry that identify where the content came from. */
  private static final List<String> IP_KEYS = List.of("ip", "ipAddress", "uploaderIp");

  private static final List<String> UPLOADER_KEYS = List.of("userId", "uploaderId");
  private static final List<String> JURISDICTION_KEYS = List.of("jurisdiction", "country");

  private final EuReportSchema schema;
  private final JsonNodeFactory json = JsonNodeFactory.instance;

  public EuCaseReportBuilder(EuReportSchema schema) {
    this.schema = schema;
  }

  @Override
  public JsonNode render(EuCaseExport export) {
    return checked(build(export), export.file().reviewCase().id());
  }

  /** {@code document} when it satisfies the schema; otherwise it is never returned. */
  JsonNode checked(ObjectNode document, String caseId) {
    List<String> violations = schema.violations(document);
    if (!violations.isEmpty()) {
      throw new IllegalStateException(
          "EU export of case "
              + caseId
              + " does not satisfy its schema: "
              + String.join("; ", violations));
    }
    return document;
  }

  /** The document, unchecked (tests check it against the schema themselves). */
  ObjectNode build(EuCaseExport export) {
    CaseFile file = export.file();
    ReviewCase reviewCase = file.reviewCase();
    EuAuthority authority = export.authority();
    DecisionRecord decision = export.decision();
    Map<String, Object> platform = platform(decision);
    List<HashMatch> matches = hashMatches(decision);

    ObjectNode root = json.objectNode();
    ObjectNode format = root.putObject("format");
    format.put("name", FORMAT_NAME);
    format.put("version", authority.formatVersion());
    format.put("language", authority.language());
    root.put(
        "reportId",
        reviewCase.id() + ":" + authority.id() + ":" + export.exportedAt().toEpochMilli());
    ArrayNode basis = root.putArray("legalBasis");
    LEGAL_BASIS.forEach(basis::add);

    ObjectNode recipient = root.putObject("recipient");
    recipient.put("id", authority.id());
    recipient.put("name", authority.name());
    recipient.put("country", authority.country());

    ObjectNode provider = root.putObject("provider");
    provider.put("name", export.provider().name());
    provider.put("contact", export.provider().contact());
    putIfPresent(provider, "legalRepresentative", export.provider().legalRepresentative());

    ObjectNode timestamps = root.putObject("timestamps");
    timestamps.put("reportCreatedAt", export.exportedAt().toString());
    timestamps.put("firstFlaggedAt", reviewCase.createdAt().toString());
    if (decision != null) {
      timestamps.put("detectedAt", decision.createdAt().toString());
    }
    Instant lastNotice = null;
    for (Notice notice : file.notices()) {
      if (lastNotice == null || notice.receivedAt().isAfter(lastNotice)) {
        lastNotice = notice.receivedAt();
      }
    }
    if (lastNotice != null) {
      timestamps.put("lastNoticeAt", lastNotice.toString());
    }

    ObjectNode abuse = root.putObject("abuse");
    abuse.put("type", abuseType(reviewCase.category(), matches));
    abuse.put("category", reviewCase.category().wireName());
    abuse.put("minorInvolved", reviewCase.minorInvolved());

    root.set("content", content(reviewCase, decision, export.evidence()));
    root.set("detection", detection(reviewCase, file, decision, matches));

    ObjectNode location = root.putObject("location");
    Set<String> jurisdictions = new LinkedHashSet<>();
    for (String key : JURISDICTION_KEYS) {
      text(platform.get(key)).ifPresent(jurisdictions::add);
    }
    for (EvidenceItem item : export.evidence()) {
      if (item.jurisdiction() != null && !item.jurisdiction().isBlank()) {
        jurisdictions.add(item.jurisdiction());
      }
    }
    ArrayNode jurisdictionArray = location.putArray("jurisdictions");
    jurisdictions.forEach(jurisdictionArray::add);
    if (authority.include().ipAddresses()) {
      ArrayNode ips = location.putArray("ipAddresses");
      for (String key : IP_KEYS) {
        text(platform.get(key)).ifPresent(ips::add);
      }
    }

    ObjectNode users = root.putObject("users");
    if (authority.include().userIdentifiers()) {
      ArrayNode accounts = users.putArray("accounts");
      String contentAccount = reviewCase.target().accountId();
      if (contentAccount != null) {
        accounts.addObject().put("id", contentAccount).put("role", "content_account");
      }
      for (String key : UPLOADER_KEYS) {
        text(platform.get(key))
            .filter(id -> !id.equals(contentAccount))
            .ifPresent(id -> accounts.addObject().put("id", id).put("role", "uploader"));
      }
    }

    ArrayNode others = root.putArray("otherReports");
    Filing ncmec = export.ncmecFiling();
    if (ncmec != null) {
      ObjectNode other = others.addObject();
      other.put("recipient", "NCMEC CyberTipline");
      other.put("country", "US");
      other.put("state", ncmec.state().name().toLowerCase(java.util.Locale.ROOT));
      if (ncmec.reportId() != null) {
        other.put("reportId", ncmec.reportId());
      }
    }

    ObjectNode action = root.putObject("contentAction");
    CaseDecision last = file.lastDecision();
    // Removed, or access disabled: what Article 13(1)(i) asks; a label or age gate is neither.
    boolean removed =
        last != null
            && (last.action() == ModerationAction.REMOVE
                || last.action() == ModerationAction.RESTRICT_VISIBILITY);
    action.put("removedOrDisabled", removed);
    if (last != null) {
      action.put("action", last.action().wireName());
      action.put("decidedAt", last.decidedAt().toString());
    }

    ObjectNode urgency = root.putObject("urgency");
    boolean urgent = reviewCase.priority() == Priority.URGENT;
    urgency.put("urgentActionRequired", urgent);
    urgency.put(
        "basis",
        "case priority "
            + reviewCase.priority().wireName()
            + (urgent ? " (urgent)" : " (not urgent)")
            + "; a specialist should add any imminent threat to a child when submitting");

    ArrayNode withheld = root.putArray("withheld");
    if (!authority.include().userIdentifiers()) {
      withheld.add("userIdentifiers");
    }
    if (!authority.include().ipAddresses()) {
      withheld.add("ipAddresses");
    }

    ObjectNode source = root.putObject("source");
    source.put("system", "Vigil");
    source.put("caseId", reviewCase.id());
    source.put("exportedBy", export.exportedBy());
    return root;
  }

  static String abuseType(NoticeCategory category, List<HashMatch> matches) {
    if (category == NoticeCategory.GROOMING
        || category == NoticeCategory.SEXUALISED_COMMENTS_MINOR) {
      return "solicitation";
    }
    return matches.isEmpty() ? "new_material" : "known_material";
  }

  private ObjectNode content(
      ReviewCase reviewCase, DecisionRecord decision, List<EvidenceItem> evidence) {
    ObjectNode content = json.objectNode();
    content.put("contentId", reviewCase.target().contentId());
    putIfPresent(content, "url", reviewCase.target().url());
    putIfPresent(content, "contentType", reviewCase.target().contentType());
    ObjectNode hashes = content.putObject("hashes");
    if (decision != null && decision.context().get("hashes") instanceof Map<?, ?> seen) {
      for (String algorithm : List.of("pdq", "md5", "sha256")) {
        text(seen.get(algorithm)).ifPresent(value -> hashes.put(algorithm, value));
      }
    }
    ArrayNode files = content.putArray("files");
    for (EvidenceItem item : evidence) {
      ObjectNode entry = files.addObject();
      entry.put("evidenceId", item.id());
      entry.put("mediaType", item.mediaType());
      entry.put("sizeBytes", item.size());
      entry.put("sha256", item.sha256());
      entry.put("preservedAt", item.createdAt().toString());
      entry.put("retainUntil", item.retainUntil().toString());
      putIfPresent(entry, "jurisdiction", item.jurisdiction());
      entry.put("destroyed", item.deleted());
    }
    return content;
  }

  private ObjectNode detection(
      ReviewCase reviewCase, CaseFile file, DecisionRecord decision, List<HashMatch> matches) {
    ObjectNode detection = json.objectNode();
    Set<String> methods = new LinkedHashSet<>();
    if (!matches.isEmpty()) {
      methods.add("hash_match");
    }
    if (decision != null && !decision.firedRules().isEmpty()) {
      methods.add("policy_rule");
    }
    for (Notice notice : file.notices()) {
      methods.add(
          switch (notice.reporterKind()) {
            case USER -> "user_notice";
            case TRUSTED_FLAGGER -> "trusted_flagger_notice";
            case ANONYMOUS -> "anonymous_notice";
          });
    }
    if (!file.decisions().isEmpty()) {
      methods.add("human_review");
    }
    if (methods.isEmpty()) {
      // A case always comes from a notice or a policy; an empty list would hide how.
      methods.add("policy".equals(reviewCase.source()) ? "policy_rule" : "user_notice");
    }
    ArrayNode methodArray = detection.putArray("methods");
    methods.forEach(methodArray::add);
    detection.put("automated", "policy".equals(reviewCase.source()));
    if (decision != null) {
      detection.put("decisionId", decision.id());
      putIfPresent(detection, "policyVersion", decision.policyVersion());
      ArrayNode rules = detection.putArray("rules");
      for (FiredRule rule : decision.firedRules()) {
        rules.add(rule.rule());
      }
    }
    ArrayNode matchArray = detection.putArray("hashMatches");
    for (HashMatch match : matches) {
      ObjectNode entry = matchArray.addObject();
      entry.put("algorithm", match.type());
      entry.put("bank", match.bank());
      entry.put("signalId", match.signalId());
      entry.put("distance", match.distance());
      putIfPresent(entry, "category", match.category());
      putIfPresent(entry, "source", match.source());
      if (match.timestamp() != null) {
        entry.put("frameSeconds", match.timestamp());
      }
    }
    ArrayNode notices = detection.putArray("notices");
    for (Notice notice : file.notices()) {
      // Never the reporter's identity, contact or free-text explanation: only what and when.
      ObjectNode entry = notices.addObject();
      entry.put("id", notice.id());
      entry.put("receivedAt", notice.receivedAt().toString());
      entry.put("category", notice.category().wireName());
      entry.put("reporterKind", notice.reporterKind().name().toLowerCase(java.util.Locale.ROOT));
      putIfPresent(entry, "language", notice.language());
    }
    return detection;
  }

  private static List<HashMatch> hashMatches(DecisionRecord decision) {
    if (decision == null) {
      return List.of();
    }
    return decision.signals().stream()
        .filter((Signal signal) -> signal instanceof HashMatch)
        .map(signal -> (HashMatch) signal)
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> platform(DecisionRecord decision) {
    if (decision != null && decision.context().get("platform") instanceof Map<?, ?> platform) {
      return (Map<String, Object>) platform;
    }
    return Map.of();
  }

  private static java.util.Optional<String> text(Object value) {
    return value == null || value.toString().isBlank()
        ? java.util.Optional.empty()
        : java.util.Optional.of(value.toString());
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value);
    }
  }
}
