package org.vigil.core.usecases;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.evidence.SealedBlob;
import org.vigil.core.json.Json;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.reports.Filing;
import org.vigil.core.review.CaseOpening;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeIntake;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.Priority;
import org.vigil.core.review.ReviewCase;

/**
 * Makes the live policy's actions happen when a decision is stored (shadow outcomes never act):
 *
 * <ul>
 *   <li>{@code queue_review}, {@code preserve_evidence} and {@code report_authority} open (or join)
 *       the review case on the content, and the decision names it ({@code caseId});
 *   <li>{@code preserve_evidence} seals the scanned bytes (or, without bytes, the decision's
 *       metadata as JSON) in the evidence vault, under the case; without a vault the decision
 *       records that preservation was asked for and could not happen (never silently dropped);
 *   <li>{@code report_authority} creates the case's CyberTipline filing as a draft that waits for a
 *       person to confirm it ({@code POST /v1/cases/{id}/report/confirm}): no machine-made report
 *       leaves without a human look, whatever the four-eyes setting for reports people ask for.
 * </ul>
 *
 * <p>Transactions: the case admission, the evidence row, the filing, the decision record, its audit
 * entries and its outbox messages are committed in ONE transaction ({@link PolicyActionStore}). The
 * one write that cannot join it, the vault's ciphertext file, is written first: if the transaction
 * then fails, the answer is an error (nothing was decided) and the blob, referenced by no row, is
 * deleted by the vault's orphan sweep; if it commits, the row and the blob are both there. A
 * retried scan of the same bytes finds the earlier copy on the case and keeps one. Decisions that
 * ask for none of these actions take the ordinary group-committed path of the {@link DecisionLog}.
 */
public final class PolicyActions {

  /** The audit actor of what a policy does by itself. */
  public static final String ACTOR = "system:policy";

  private static final Logger LOG = LoggerFactory.getLogger(PolicyActions.class);

  private final DecisionLog log;
  private final PolicyActionStore store;
  private final NoticeIntake intake;
  private final EvidenceVault vault;

  /**
   * @param store where decisions with case actions are committed; null records such decisions
   *     without acting (the record says so)
   * @param vault the evidence vault, or null when no vault key is configured
   */
  public PolicyActions(
      DecisionLog log, PolicyActionStore store, NoticeIntake intake, EvidenceVault vault) {
    if (store != null && intake == null) {
      throw new IllegalArgumentException("a store for case actions needs the notice intake");
    }
    this.log = log;
    this.store = store;
    this.intake = intake;
    this.vault = vault;
  }

  /** Decisions are stored; no case, evidence or report action is taken (tools and benchmarks). */
  public static PolicyActions recordOnly(DecisionLog log) {
    return new PolicyActions(log, null, null, null);
  }

  /**
   * Stores {@code decision} with {@code audit} and takes its actions.
   *
   * @param media the scanned bytes, or null (hash-only scans, decide calls)
   * @return the decision as stored (with its case, when one was opened or joined)
   */
  public DecisionRecord commit(
      DecisionRecord decision, List<AuditEvent> audit, ScannedMedia media) {
    Action review = first(decision, ActionType.QUEUE_REVIEW);
    Action preserve = first(decision, ActionType.PRESERVE_EVIDENCE);
    Action report = first(decision, ActionType.REPORT_AUTHORITY);
    if (review == null && preserve == null && report == null) {
      log.append(Decisions.commit(decision, audit));
      return decision;
    }
    if (store == null) {
      Map<String, Object> note = new LinkedHashMap<>();
      note.put("state", "not_taken");
      note.put("reason", "this process has no review store; no case was opened");
      DecisionRecord noted = withContext(decision, Map.of("caseActions", note));
      List<AuditEvent> all = new ArrayList<>(audit);
      all.add(event("policy.actions_not_taken", "decision:" + decision.id(), note));
      log.append(Decisions.commit(noted, all));
      return noted;
    }
    CaseOpening opening =
        intake.policyOpening(
            decision.tenant(),
            target(decision, media),
            category(review, report),
            review == null ? null : review.param("queue"),
            review == null ? null : Priority.fromWire(review.param("priority")),
            decision.id());
    Preservation preservation = preserve == null ? null : preserve(decision, media);
    // If this throws, nothing was stored; the sealed blob is an orphan that the vault's sweep
    // removes after its grace period (deleting it here could race a commit that did happen but
    // whose answer was lost).
    long start = System.nanoTime();
    PolicyActionStore.Committed committed =
        store.commit(opening, new Plan(decision, audit, opening, preservation, report != null));
    log.recorded(committed.commit().decision(), System.nanoTime() - start);
    if (preservation != null
        && preservation.blob != null
        && committed.evidence() != null
        && !committed.evidence().id().equals(preservation.blob.id())) {
      // The case already held these bytes: keep the earlier copy only.
      vault.discard(preservation.blob);
    }
    return committed.commit().decision();
  }

  /** What a {@code preserve_evidence} action sealed before the transaction, or why it could not. */
  private record Preservation(
      SealedBlob blob, String mediaType, String jurisdiction, String problem) {}

  private Preservation preserve(DecisionRecord decision, ScannedMedia media) {
    String jurisdiction = string(platform(decision).get("jurisdiction"));
    if (vault == null) {
      return new Preservation(
          null, null, jurisdiction, "no evidence vault is configured (VIGIL_VAULT_KEY_FILE)");
    }
    byte[] bytes = null;
    String mediaType = null;
    String problem = null;
    if (media != null) {
      try {
        bytes = media.bytes().get();
        mediaType = media.mediaType();
      } catch (RuntimeException e) {
        // The bytes are gone (a temporary file could not be read back): keep what is known.
        LOG.warn("scanned media of {} could not be read for preservation", decision.id(), e);
        problem = "the scanned file could not be read back; its metadata was preserved instead";
      }
    }
    if (bytes == null) {
      bytes = metadata(decision);
      mediaType = "application/json";
    }
    return new Preservation(vault.seal(bytes), mediaType, jurisdiction, problem);
  }

  /** The plan the store follows inside its transaction; pure, as the port requires. */
  private final class Plan implements PolicyActionStore.Plan {
    private final DecisionRecord decision;
    private final List<AuditEvent> audit;
    private final CaseOpening opening;
    private final Preservation preservation;
    private final boolean report;
    private final String filingId = "fil_" + UUID.randomUUID().toString().replace("-", "");

    Plan(
        DecisionRecord decision,
        List<AuditEvent> audit,
        CaseOpening opening,
        Preservation preservation,
        boolean report) {
      this.decision = decision;
      this.audit = audit;
      this.opening = opening;
      this.preservation = preservation;
      this.report = report;
    }

    @Override
    public PolicyActionStore.EvidenceRow evidence(ReviewCase reviewCase) {
      if (preservation == null || preservation.blob == null) {
        return null;
      }
      EvidenceItem item =
          vault.item(
              preservation.blob,
              decision.tenant(),
              reviewCase.id(),
              opening.target().contentId(),
              preservation.mediaType,
              preservation.jurisdiction);
      return new PolicyActionStore.EvidenceRow(item, preservation.blob.wrappedKey());
    }

    @Override
    public Filing filing(ReviewCase reviewCase) {
      // Always a draft: a report no person asked for waits for one to confirm it.
      return report
          ? Filing.start(filingId, decision.tenant(), reviewCase.id(), ACTOR, true)
          : null;
    }

    @Override
    public DecisionCommit decision(
        ReviewCase reviewCase, boolean opened, EvidenceItem evidence, Filing filing) {
      Map<String, Object> added = new LinkedHashMap<>();
      List<AuditEvent> all = new ArrayList<>(audit);
      String caseTarget = "case:" + reviewCase.id();
      Map<String, Object> caseDetails = new LinkedHashMap<>();
      caseDetails.put("decisionId", decision.id());
      caseDetails.put("opened", opened);
      caseDetails.put("queue", reviewCase.queue());
      caseDetails.put("priority", reviewCase.priority().wireName());
      all.add(event(NoticeIntake.OPENED_BY_POLICY, caseTarget, caseDetails));
      if (preservation != null) {
        Map<String, Object> note = new LinkedHashMap<>();
        if (evidence != null) {
          note.put("state", "preserved");
          note.put("evidenceId", evidence.id());
          note.put("sha256", evidence.sha256());
          note.put("mediaType", evidence.mediaType());
          if (preservation.problem != null) {
            note.put("note", preservation.problem);
          }
          if (evidence.id().equals(preservation.blob.id())) {
            Map<String, Object> details = EvidenceVault.auditDetails(evidence);
            details.put("decisionId", decision.id());
            all.add(event("evidence.preserve", "evidence:" + evidence.id(), details));
          }
        } else {
          note.put("state", "not_preserved");
          note.put("reason", preservation.problem);
          all.add(
              event(
                  "evidence.not_preserved",
                  caseTarget,
                  Map.of("decisionId", decision.id(), "reason", preservation.problem)));
        }
        added.put("evidence", note);
      }
      if (filing != null) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("filingId", filing.id());
        note.put("state", filing.state().name().toLowerCase(java.util.Locale.ROOT));
        added.put("report", note);
        if (filing.id().equals(filingId)) {
          all.add(
              event(
                  "report.request",
                  caseTarget,
                  Map.of(
                      "filing",
                      filing.id(),
                      "state",
                      note.get("state"),
                      "decisionId",
                      decision.id())));
        }
      }
      DecisionRecord stored = withContext(decision, added).withCaseId(reviewCase.id());
      return Decisions.commit(stored, all);
    }
  }

  private static Action first(DecisionRecord decision, ActionType type) {
    for (Action action : decision.actions()) {
      if (action.type() == type) {
        return action;
      }
    }
    return null;
  }

  /**
   * The case's category: the rule's own ({@code category} on {@code queue_review} or {@code
   * report_authority}), else {@code csam} for a report to NCMEC's CyberTipline, else {@code
   * illegal_other}.
   */
  private static NoticeCategory category(Action review, Action report) {
    for (Action action : new Action[] {review, report}) {
      NoticeCategory named =
          action == null ? null : NoticeCategory.fromWire(action.param("category"));
      if (named != null) {
        return named;
      }
    }
    return report != null ? NoticeCategory.CSAM : NoticeCategory.ILLEGAL_OTHER;
  }

  /**
   * What the case is about: the platform's content id when it gave one; otherwise the content's own
   * digest (so re-scans of the same bytes join the same case); for an account decision the account.
   */
  private static NoticeTarget target(DecisionRecord decision, ScannedMedia media) {
    Map<String, Object> platform = platform(decision);
    if (decision.kind() == DecisionKind.ACCOUNT_ACTION) {
      String account = decision.subject();
      if (account != null && account.length() > 240) {
        account = null;
      }
      return new NoticeTarget(
          "account:" + (account == null ? decision.id() : account), account, null, null);
    }
    String contentId = decision.subject();
    if (contentId == null || contentId.isBlank() || contentId.length() > 256) {
      // A case names content by at most 256 characters; the digest identifies it as well.
      contentId = digestId(decision);
    }
    String account = string(platform.get("userId"));
    if (account == null) {
      account = string(platform.get("accountId"));
    }
    String url = string(platform.get("url"));
    if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
      url = null;
    }
    return new NoticeTarget(
        contentId,
        account != null && account.length() <= 256 ? account : null,
        url != null && url.length() <= 2048 ? url : null,
        media == null ? null : media.contentType());
  }

  private static String digestId(DecisionRecord decision) {
    Object hashes = decision.context().get("hashes");
    if (hashes instanceof Map<?, ?> map) {
      for (String name : new String[] {"sha256", "md5", "pdq"}) {
        Object value = map.get(name);
        if (value != null) {
          return name + ":" + value;
        }
      }
    }
    return "decision:" + decision.id();
  }

  private static Map<String, Object> platform(DecisionRecord decision) {
    Object platform = decision.context().get("platform");
    if (platform instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), v));
      return copy;
    }
    return Map.of();
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }

  /** Metadata-only evidence: what was seen and decided, when no bytes were scanned. */
  private static byte[] metadata(DecisionRecord decision) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("decisionId", decision.id());
    doc.put("tenant", decision.tenant());
    doc.put("kind", decision.kind().wireName());
    doc.put("subject", decision.subject());
    doc.put("createdAt", decision.createdAt().toString());
    doc.put("policyVersion", decision.policyVersion());
    doc.put("signals", decision.signals());
    doc.put("context", decision.context());
    try {
      return Json.MAPPER.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("decision metadata is always serialisable", e);
    }
  }

  private static DecisionRecord withContext(DecisionRecord decision, Map<String, Object> added) {
    if (added.isEmpty()) {
      return decision;
    }
    Map<String, Object> context = new LinkedHashMap<>(decision.context());
    context.putAll(added);
    return new DecisionRecord(
        decision.id(),
        decision.tenant(),
        decision.kind(),
        decision.subject(),
        decision.signals(),
        decision.policyVersion(),
        decision.firedRules(),
        decision.verdict(),
        decision.actions(),
        decision.requestedBy(),
        decision.createdAt(),
        context,
        decision.caseId(),
        decision.shadow());
  }

  private static AuditEvent event(String action, String target, Map<String, Object> details) {
    return new AuditEvent(ACTOR, action, target, Decisions.canonical(details));
  }
}
