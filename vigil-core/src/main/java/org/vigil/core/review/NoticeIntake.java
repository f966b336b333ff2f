package org.vigil.core.review;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;

/**
 * Receives notices (DSA Art. 16) and puts them into cases: validates, pseudonymises the reporter,
 * joins the open case on the same content (or opens one), and triages it. Also opens cases that a
 * policy's {@code queue_review} action sends to humans.
 */
public final class NoticeIntake {

  private static final int MAX_ID = 256;
  private static final int MAX_URL = 2048;
  private static final int MAX_EXPLANATION = 5000;
  private static final int MAX_CONTACT = 320;
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2}");
  private static final java.util.Set<String> CONTENT_TYPES =
      java.util.Set.of(
          "image", "video", "text", "audio", "synthetic_media", "app", "product", "other");

  private final CaseStore store;
  private final Triage triage;
  private final UnaryOperator<String> pseudonymise;
  private final BiPredicate<String, String> knownMinor;
  private final AuditLog audit;
  private final Clock clock;

  /**
   * @param pseudonymise the keyed hash of a reporter id (never stored in clear)
   * @param knownMinor whether an account id of a tenant (tenant, account id) belongs to someone
   *     Vigil knows to be under 18
   */
  public NoticeIntake(
      CaseStore store,
      Triage triage,
      UnaryOperator<String> pseudonymise,
      BiPredicate<String, String> knownMinor,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.triage = triage;
    this.pseudonymise = pseudonymise;
    this.knownMinor = knownMinor;
    this.audit = audit;
    this.clock = clock;
  }

  /** Stores the notice in its case; throws a 422-kind {@link VigilException} naming the field. */
  public CaseStore.Admission submit(String tenant, NoticeRequest request, String actor) {
    NoticeTarget target = target(request.target());
    NoticeCategory category = NoticeCategory.fromWire(request.category());
    if (category == null) {
      throw VigilException.invalid(
          "category",
          request.category() == null
              ? "category is required"
              : "unknown category '"
                  + request.category()
                  + "'; expected one of "
                  + NoticeCategory.wireNames());
    }
    String explanation = trimmed(request.explanation());
    if (explanation == null) {
      throw VigilException.invalid(
          "explanation", "explanation is required: why the reporter thinks the content is illegal");
    }
    if (explanation.length() > MAX_EXPLANATION) {
      throw VigilException.invalid(
          "explanation", "explanation must be at most " + MAX_EXPLANATION + " characters");
    }
    ReporterKind kind = ReporterKind.fromWire(request.reporterKind());
    if (kind == null) {
      throw VigilException.invalid(
          "reporter.kind", "reporter.kind must be user, trusted_flagger or anonymous");
    }
    String reporterId = trimmed(request.reporterId());
    if (kind == ReporterKind.ANONYMOUS) {
      if (!category.anonymousAllowed()) {
        throw VigilException.invalid(
            "reporter.kind",
            "anonymous notices are accepted only for csam and grooming (DSA Art. 16(2)(c));"
                + " this one needs the reporter's id");
      }
      reporterId = null;
    } else if (reporterId == null) {
      throw VigilException.invalid(
          "reporter.id", "reporter.id is required unless the notice is anonymous");
    } else if (reporterId.length() > MAX_ID) {
      throw VigilException.invalid("reporter.id", "reporter.id must be at most 256 characters");
    }
    String contact = trimmed(request.reporterContact());
    if (contact != null && contact.length() > MAX_CONTACT) {
      throw VigilException.invalid("reporter.contact", "reporter.contact is too long");
    }
    String language = trimmed(request.language());
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      throw VigilException.invalid(
          "language", "language must be a two-letter ISO 639-1 code such as en");
    }
    if (!Boolean.TRUE.equals(request.goodFaith())) {
      throw VigilException.invalid(
          "goodFaith",
          "goodFaith must be true: the reporter confirms the notice is accurate (DSA Art."
              + " 16(2)(d))");
    }
    Instant now = clock.instant();
    Notice notice =
        new Notice(
            ReviewIds.next("rep_"),
            tenant,
            null,
            target,
            category,
            explanation,
            kind,
            reporterId == null ? null : pseudonymise.apply(reporterId),
            contact,
            language == null ? null : language.toLowerCase(Locale.ROOT),
            now);
    CaseStore.Admission admission =
        store.admit(
            tenant,
            target,
            category,
            notice,
            ReviewIds.next("case_"),
            "notice",
            null,
            now,
            facts -> place(tenant, facts, target, now));
    audit.record(
        actor,
        "notice.received",
        "case:" + admission.reviewCase().id(),
        Map.of(
            "reportId", admission.notice().id(),
            "category", category.wireName(),
            "reporterKind", kind.wireName(),
            "opened", admission.opened()));
    return admission;
  }

  /**
   * Opens (or joins) a case for content a policy sent to review, in a transaction of its own. The
   * scan and decide paths use {@link #policyOpening} instead, so that the case opens in the same
   * transaction as the decision that opened it.
   *
   * @param decisionId the spine decision whose {@code queue_review} action this is
   */
  public ReviewCase openFromPolicy(
      String tenant,
      NoticeTarget target,
      NoticeCategory category,
      String queue,
      Priority priority,
      String decisionId) {
    CaseOpening opening = policyOpening(tenant, target, category, queue, priority, decisionId);
    CaseStore.Admission admission =
        store.admit(
            opening.tenant(),
            opening.target(),
            opening.category(),
            null,
            opening.newCaseId(),
            CaseOpening.SOURCE,
            opening.policyDecisionId(),
            opening.now(),
            opening.placer());
    audit.record(
        "system",
        OPENED_BY_POLICY,
        "case:" + admission.reviewCase().id(),
        Map.of("decisionId", decisionId == null ? "" : decisionId));
    return admission.reviewCase();
  }

  /** The audit action of a case a policy opened or joined. */
  public static final String OPENED_BY_POLICY = "case.opened_by_policy";

  /**
   * Prepares the admission of content a policy action ({@code queue_review}, {@code
   * preserve_evidence}, {@code report_authority}) sends to humans: validates the target and fixes
   * the placement rule, without touching the store. The policy names its queue and priority; triage
   * may only make the case more pressing.
   *
   * @param queue the queue a new case goes to, or null for triage's
   * @param priority the least priority, or null for triage's
   * @param decisionId the spine decision whose action this is
   */
  public CaseOpening policyOpening(
      String tenant,
      NoticeTarget target,
      NoticeCategory category,
      String queue,
      Priority priority,
      String decisionId) {
    NoticeTarget valid = target(target);
    Instant now = clock.instant();
    return new CaseOpening(
        tenant,
        valid,
        category,
        ReviewIds.next("case_"),
        decisionId,
        now,
        facts -> {
          CaseStore.Placement placed = place(tenant, facts, valid, now);
          Priority chosen =
              priority != null && priority.rank() > placed.priority().rank()
                  ? priority
                  : placed.priority();
          return new CaseStore.Placement(
              placed.category(),
              facts.existing() == null && queue != null ? queue : placed.queue(),
              chosen,
              placed.deadline(),
              placed.minorInvolved());
        });
  }

  private CaseStore.Placement place(
      String tenant, CaseStore.AdmissionFacts facts, NoticeTarget target, Instant now) {
    ReviewCase existing = facts.existing();
    NoticeCategory category =
        triage.moreSevere(existing == null ? null : existing.category(), facts.incomingCategory());
    boolean minor =
        category.involvesMinor()
            || (existing != null && existing.minorInvolved())
            || (target.accountId() != null && knownMinor.test(tenant, target.accountId()));
    Triage.Placement placement =
        triage.place(
            new Triage.Facts(
                category,
                facts.distinctReporters(),
                facts.trustedFlagger(),
                facts.accountRestrictions(),
                minor));
    Instant deadline = Triage.deadline(now, placement);
    if (existing != null && existing.deadline().isBefore(deadline)) {
      deadline = existing.deadline();
    }
    String queue = existing != null && existing.escalated() ? existing.queue() : placement.queue();
    Priority priority = placement.priority();
    if (existing != null && existing.priority().rank() > priority.rank()) {
      priority = existing.priority();
    }
    return new CaseStore.Placement(category, queue, priority, deadline, minor);
  }

  private static NoticeTarget target(NoticeTarget target) {
    if (target == null) {
      throw VigilException.invalid("target", "target is required");
    }
    String contentId = trimmed(target.contentId());
    if (contentId == null) {
      throw VigilException.invalid("target.contentId", "target.contentId is required");
    }
    if (contentId.length() > MAX_ID) {
      throw VigilException.invalid(
          "target.contentId", "target.contentId must be at most 256 characters");
    }
    String accountId = trimmed(target.accountId());
    if (accountId != null && accountId.length() > MAX_ID) {
      throw VigilException.invalid(
          "target.accountId", "target.accountId must be at most 256 characters");
    }
    String url = trimmed(target.url());
    if (url != null && (url.length() > MAX_URL || !isHttpUrl(url))) {
      throw VigilException.invalid(
          "target.url", "target.url must be an absolute http(s) URL of at most 2048 characters");
    }
    String type = trimmed(target.contentType());
    if (type != null && !CONTENT_TYPES.contains(type)) {
      throw VigilException.invalid(
          "target.contentType",
          "target.contentType must be one of image, video, text, audio, synthetic_media, app,"
              + " product, other");
    }
    return new NoticeTarget(contentId, accountId, url, type);
  }

  private static boolean isHttpUrl(String url) {
    try {
      java.net.URI uri = new java.net.URI(url);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String trimmed(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
