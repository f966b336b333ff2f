package org.vigil.core.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vigil.core.json.Json;

/**
 * Writes the statement of reasons for a restriction (DSA Art. 17) in its two forms: plain language
 * for the affected user, and the submission to the Commission's Transparency Database (Art. 24(5);
 * the schema in force since 1 July 2025, field by field in docs/review.md).
 *
 * <p>No personal data goes into either form: no reporter contact or id, no user or account id, no
 * IP address. Free text typed by the moderator passes through {@link PersonalDataScrubber} with the
 * case's identifiers. The plain form names the content id so that the user knows which post it is;
 * the database form does not.
 */
public final class StatementOfReasons {

  /** ISO 639-1 codes of the EU's official languages (the database accepts more; these suffice). */
  private static final Set<String> EU_LANGUAGES =
      Set.of(
          "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "GA", "HR", "HU", "IT", "LT",
          "LV", "MT", "NL", "PL", "PT", "RO", "SK", "SL", "SV");

  private static final int FACTS_MAX = 5000;
  private static final int EXPLANATION_MAX = 2000;
  private static final int GROUND_MAX = 500;

  private final ReviewSettings settings;

  public StatementOfReasons(ReviewSettings settings) {
    this.settings = settings;
  }

  /** The stable platform unique id of the statement for {@code decisionId}. */
  public static String puid(String decisionId) {
    return "vigil-" + decisionId;
  }

  /**
   * The statement for {@code decision} on {@code file}'s case.
   *
   * @param appealUntil the end of the appeal window
   */
  public StoredStatement write(CaseFile file, CaseDecision decision, Instant appealUntil) {
    if (!decision.action().isRestriction()) {
      throw new IllegalArgumentException(decision.action().wireName() + " restricts nothing");
    }
    try {
      return new StoredStatement(
          puid(decision.decisionId()),
          decision.tenant(),
          decision.caseId(),
          decision.decisionId(),
          decision.decidedAt(),
          Json.MAPPER.writeValueAsString(plain(file, decision, appealUntil)),
          Json.MAPPER.writeValueAsString(transparencyDatabase(file, decision)),
          null,
          null);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("statement is not serialisable", e);
    }
  }

  /** The submission to {@code POST /api/v1/statements}, in the order the schema lists fields. */
  public Map<String, Object> transparencyDatabase(CaseFile file, CaseDecision decision) {
    ReviewCase c = file.reviewCase();
    List<String> identifiers = identifiers(file);
    Map<String, Object> sor = new LinkedHashMap<>();
    switch (decision.action()) {
      case REMOVE -> sor.put("decision_visibility", List.of("DECISION_VISIBILITY_CONTENT_REMOVED"));
      case RESTRICT_VISIBILITY ->
          sor.put("decision_visibility", List.of("DECISION_VISIBILITY_CONTENT_DEMOTED"));
      case AGE_RESTRICT ->
          sor.put("decision_visibility", List.of("DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED"));
      case LABEL -> sor.put("decision_visibility", List.of("DECISION_VISIBILITY_CONTENT_LABELLED"));
      case SUSPEND_ACCOUNT -> sor.put("decision_account", "DECISION_ACCOUNT_SUSPENDED");
      default -> throw new IllegalArgumentException(decision.action().wireName());
    }
    String explanation = PersonalDataScrubber.scrub(decision.explanation(), identifiers);
    sor.put("decision_facts", limit(facts(file, explanation), FACTS_MAX));
    if (decision.ground() == DecisionGround.ILLEGAL) {
      sor.put("decision_ground", "DECISION_GROUND_ILLEGAL_CONTENT");
      sor.put(
          "illegal_content_legal_ground",
          limit(PersonalDataScrubber.scrub(decision.legalGround(), identifiers), GROUND_MAX));
      sor.put("illegal_content_explanation", limit(explanation, EXPLANATION_MAX));
    } else {
      sor.put("decision_ground", "DECISION_GROUND_INCOMPATIBLE_CONTENT");
      sor.put(
          "incompatible_content_ground",
          limit(
              decision.legalGround() == null || decision.legalGround().isBlank()
                  ? "The platform's terms of service"
                  : PersonalDataScrubber.scrub(decision.legalGround(), identifiers),
              GROUND_MAX));
      sor.put("incompatible_content_explanation", limit(explanation, EXPLANATION_MAX));
      sor.put("incompatible_content_illegal", c.category().illegalByNature() ? "Yes" : "No");
    }
    String contentType = contentType(c.target().contentType());
    sor.put("content_type", List.of(contentType));
    if (contentType.equals("CONTENT_TYPE_OTHER")) {
      sor.put("content_type_other", "User-generated content");
    }
    sor.put("category", category(c.category()));
    List<String> keywords = keywords(c.category());
    if (!keywords.isEmpty()) {
      sor.put("category_specification", keywords);
      if (keywords.contains("KEYWORD_OTHER")) {
        sor.put("category_specification_other", "Sexualised comments on content showing a minor");
      }
    }
    sor.put("territorial_scope", settings.territorialScope());
    String language = language(file);
    if (language != null) {
      sor.put("content_language", language);
    }
    sor.put("content_date", date(c.createdAt()));
    sor.put("application_date", date(decision.decidedAt()));
    sor.put("source_type", sourceType(file));
    sor.put("automated_detection", "policy".equals(c.source()) ? "Yes" : "No");
    sor.put("automated_decision", "AUTOMATED_DECISION_NOT_AUTOMATED");
    sor.put("puid", puid(decision.decisionId()));
    return sor;
  }

  /** What the affected user reads: what happened, why, on what basis, and how to appeal. */
  public Map<String, Object> plain(CaseFile file, CaseDecision decision, Instant appealUntil) {
    ReviewCase c = file.reviewCase();
    List<String> identifiers = identifiers(file);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("contentId", c.target().contentId());
    out.put("action", decision.action().wireName());
    out.put("what", what(decision.action()));
    out.put("why", PersonalDataScrubber.scrub(decision.explanation(), identifiers));
    if (decision.ground() == DecisionGround.ILLEGAL) {
      out.put("ground", "illegal");
      out.put(
          "rule",
          "It is illegal under "
              + PersonalDataScrubber.scrub(decision.legalGround(), identifiers)
              + ".");
    } else {
      out.put("ground", "terms");
      out.put(
          "rule",
          "It is against "
              + (decision.legalGround() == null || decision.legalGround().isBlank()
                  ? "our terms of service"
                  : PersonalDataScrubber.scrub(decision.legalGround(), identifiers))
              + ".");
    }
    out.put("facts", basis(file));
    out.put(
        "automated",
        Map.of(
            "detection",
            "policy".equals(c.source()),
            "decision",
            false,
            "text",
            "policy".equals(c.source())
                ? "Our automated systems found this content; a person reviewed it and decided."
                : "A person reviewed this content and decided; no automated system decided."));
    out.put(
        "howToAppeal",
        Map.of(
            "until",
            appealUntil.toString(),
            "text",
            "If you think this decision is wrong, you can ask us to look at it again until "
                + date(appealUntil)
                + ". A different person will review it. You may also turn to a certified"
                + " out-of-court dispute settlement body or to a court."));
    out.put("decidedAt", decision.decidedAt().toString());
    return out;
  }

  private static String what(ModerationAction action) {
    return switch (action) {
      case REMOVE -> "We removed your content.";
      case RESTRICT_VISIBILITY -> "We reduced how widely your content is shown.";
      case AGE_RESTRICT -> "We made your content unavailable to minors.";
      case LABEL -> "We added a label to your content.";
      case SUSPEND_ACCOUNT -> "We suspended your account.";
      default -> throw new IllegalArgumentException(action.wireName());
    };
  }

  private static String facts(CaseFile file, String explanation) {
    return explanation + " " + basis(file);
  }

  private static String basis(CaseFile file) {
    ReviewCase c = file.reviewCase();
    if ("policy".equals(c.source()) && file.notices().isEmpty()) {
      return "The content was found by automated detection and reviewed by a person.";
    }
    int notices = file.notices().size();
    return "The content was reported in "
        + notices
        + (notices == 1 ? " notice" : " notices")
        + (c.trustedFlagger() ? ", including one from a trusted flagger," : "")
        + " and reviewed by a person.";
  }

  private static List<String> identifiers(CaseFile file) {
    List<String> ids = new ArrayList<>();
    ids.add(file.reviewCase().target().accountId());
    for (Notice notice : file.notices()) {
      ids.add(notice.target().accountId());
      ids.add(notice.reporterContact());
    }
    return ids;
  }

  private static String sourceType(CaseFile file) {
    if (file.notices().isEmpty()) {
      return "SOURCE_VOLUNTARY";
    }
    for (Notice notice : file.notices()) {
      if (notice.reporterKind() == ReporterKind.TRUSTED_FLAGGER) {
        return "SOURCE_TRUSTED_FLAGGER";
      }
    }
    return "SOURCE_ARTICLE_16";
  }

  private static String language(CaseFile file) {
    for (Notice notice : file.notices()) {
      if (notice.language() != null) {
        String code = notice.language().toUpperCase(Locale.ROOT);
        if (EU_LANGUAGES.contains(code)) {
          return code;
        }
      }
    }
    return null;
  }

  static String contentType(String type) {
    if (type == null) {
      return "CONTENT_TYPE_OTHER";
    }
    return switch (type) {
      case "image" -> "CONTENT_TYPE_IMAGE";
      case "video" -> "CONTENT_TYPE_VIDEO";
      case "text" -> "CONTENT_TYPE_TEXT";
      case "audio" -> "CONTENT_TYPE_AUDIO";
      case "synthetic_media" -> "CONTENT_TYPE_SYNTHETIC_MEDIA";
      case "app" -> "CONTENT_TYPE_APP";
      case "product" -> "CONTENT_TYPE_PRODUCT";
      default -> "CONTENT_TYPE_OTHER";
    };
  }

  static String category(NoticeCategory category) {
    return switch (category) {
      case CSAM, GROOMING, SEXUALISED_COMMENTS_MINOR -> "STATEMENT_CATEGORY_PROTECTION_OF_MINORS";
      case NCII -> "STATEMENT_CATEGORY_CYBER_VIOLENCE";
      case SELF_HARM -> "STATEMENT_CATEGORY_SELF_HARM";
      case ILLEGAL_OTHER -> "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE";
      case TERMS -> "STATEMENT_CATEGORY_OTHER_VIOLATION_TC";
    };
  }

  static List<String> keywords(NoticeCategory category) {
    return switch (category) {
      case CSAM -> List.of("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL");
      case GROOMING -> List.of("KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS");
      case SEXUALISED_COMMENTS_MINOR -> List.of("KEYWORD_OTHER");
      case NCII -> List.of("KEYWORD_NON_CONSENSUAL_IMAGE_SHARING");
      case SELF_HARM, ILLEGAL_OTHER, TERMS -> List.of();
    };
  }

  private static String date(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }

  /** At most {@code max} characters counted as code points, as the database counts them. */
  static String limit(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
  }
}
