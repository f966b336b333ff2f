package org.vigil.core.review;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionIds;

/**
 * The moderator's side of notice and action: queues, claims, decisions (single and bulk), appeals
 * (DSA Art. 20) and the statements of reasons (Art. 17) that restrictions produce.
 *
 * <p>A decision first claims the case atomically (two moderators never decide the same case), then
 * marks the case decided and stores the spine's decision record with its audit entry and outgoing
 * actions ({@link ReviewEvents}) in ONE transaction: a case marked decided always has its decision
 * record and actions, and no record exists for a decision that did not take.
 */
public final class CaseReview {

  private static final int MAX_EXPLANATION = 2000;
  private static final int MAX_GROUND = 500;
  private static final int MAX_REPLY = 5000;

  private final CaseStore store;
  private final Triage triage;
  private final ReviewSettings settings;
  private final StatementOfReasons statements;
  private final ReviewEvents events;
  private final NciiBanking ncii;
  private final StatementFiling filing;
  private final AuditLog audit;
  private final Clock clock;

  /** A review whose ncii removals feed no bank. */
  public CaseReview(
      CaseStore store,
      Triage triage,
      ReviewSettings settings,
      ReviewEvents events,
      AuditLog audit,
      Clock clock) {
    this(store, triage, settings, events, NciiBanking.OFF, audit, clock);
  }

  /**
   * @param ncii what ncii removals (and their reversals) do to the ncii bank
   */
  public CaseReview(
      CaseStore store,
      Triage triage,
      ReviewSettings settings,
      ReviewEvents events,
      NciiBanking ncii,
      AuditLog audit,
      Clock clock) {
    this(store, triage, settings, events, ncii, StatementFiling.NONE, audit, clock);
  }

  /**
   * @param ncii what ncii removals (and their reversals) do to the ncii bank
   * @param filing which tenants' statements are filed in the Transparency Database
   */
  public CaseReview(
      CaseStore store,
      Triage triage,
      ReviewSettings settings,
      ReviewEvents events,
      NciiBanking ncii,
      StatementFiling filing,
      AuditLog audit,
      Clock clock) {
    this.filing = filing;
    this.store = store;
    this.triage = triage;
    this.settings = settings;
    this.statements = new StatementOfReasons(settings);
    this.events = events;
    this.ncii = ncii;
    this.audit = audit;
    this.clock = clock;
  }

  public ReviewSettings settings() {
    return settings;
  }

  /** Why {@code tenant}'s statements are kept but not filed, or null when they are filed. */
  public String notFiledBecause(String tenant) {
    return filing.notFiledBecause(tenant);
  }

  public Instant now() {
    return clock.instant();
  }

  public List<ReviewCase> list(CaseQuery query) {
    return store.list(query);
  }

  public CaseFile file(String tenant, String caseId) {
    return store.file(tenant, caseId).orElseThrow(() -> VigilException.notFound("case", caseId));
  }

  /** Claims the case for {@code moderator} for the configured time; 409 when held or decided. */
  public ReviewCase claim(String tenant, String caseId, String moderator) {
    CaseFile file = file(tenant, caseId);
    Instant now = clock.instant();
    refuseIfNotDecidable(file, moderator, now);
    ReviewCase claimed =
        store
            .claim(tenant, caseId, moderator, now, now.plus(settings.claimTtl()))
            .orElseThrow(
                () ->
                    VigilException.conflict(
                        "case_claimed", "case " + caseId + " is claimed by another moderator"));
    audit.record(
        moderator,
        "case.claim",
        "case:" + caseId,
        Map.of("until", claimed.claimExpiresAt().toString()));
    return claimed;
  }

  /** Gives a claim back (skip); false when {@code moderator} did not hold it. */
  public boolean release(String tenant, String caseId, String moderator) {
    boolean released = store.release(tenant, caseId, moderator);
    if (released) {
      audit.record(moderator, "case.release", "case:" + caseId, Map.of());
    }
    return released;
  }

  /** Decides one case; the answer is the decision as recorded. */
  public CaseDecision decide(
      String tenant, String caseId, String moderator, DecisionRequest request) {
    Valid valid = validate(request);
    CaseFile file = file(tenant, caseId);
    Instant now = clock.instant();
    refuseIfNotDecidable(file, moderator, now);
    checkFits(file, valid);
    ncii.checkGiven(file, valid.action(), valid.hashes());
    ReviewCase held =
        store
            .claim(tenant, caseId, moderator, now, now.plus(settings.claimTtl()))
            .orElseThrow(
                () ->
                    VigilException.conflict(
                        "case_claimed", "case " + caseId + " is claimed by another moderator"));
    CaseFile current = new CaseFile(held, file.notices(), file.decisions(), file.appeals());
    return apply(current, moderator, valid, newDecisionId(now), now);
  }

  /** What a bulk decision did. */
  public record BulkResult(List<CaseDecision> decided, int actions, Map<String, String> skipped) {}

  /**
   * Applies one decision to every case {@code query} finds that {@code moderator} may decide. An
   * account action is taken once per account, however many cases name it (one user reported a
   * hundred times is one suspension, with one statement of reasons); content actions are taken once
   * per case (each case is one piece of content). Every case closed still announces its own {@code
   * review.decided} (with its report ids), so each reporter can be answered.
   */
  public BulkResult decideAll(CaseQuery query, String moderator, DecisionRequest request) {
    Valid valid = validate(request);
    if (valid.action() == ModerationAction.RESTORE) {
      throw VigilException.invalid("decision.action", "restore decides one appeal at a time");
    }
    if (!valid.hashes().isEmpty()) {
      throw VigilException.invalid(
          "decision.hashes", "hashes name one piece of content: decide its case on its own");
    }
    Instant now = clock.instant();
    List<CaseDecision> decided = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    Map<String, CaseDecision> decisionByAccount = new LinkedHashMap<>();
    int actions = 0;
    for (ReviewCase listed : store.list(query)) {
      if (listed.state() == CaseState.DECIDED) {
        continue; // a filter without a state finds decided cases too: not this decision's business
      }
      try {
        CaseFile file = file(query.tenant(), listed.id());
        refuseIfNotDecidable(file, moderator, now);
        checkFits(file, valid);
        ReviewCase held =
            store
                .claim(query.tenant(), listed.id(), moderator, now, now.plus(settings.claimTtl()))
                .orElseThrow(
                    () -> VigilException.conflict("case_claimed", "claimed by another moderator"));
        CaseFile current = new CaseFile(held, file.notices(), file.decisions(), file.appeals());
        String account = held.target().accountId();
        if (valid.action().restrictsAccount() && decisionByAccount.containsKey(account)) {
          // The account was already acted on in this bulk decision: record the case as decided by
          // that same decision, without a second action or statement, but with its own
          // review.decided (its reporters are answered from it) in the same transaction.
          CaseDecision acting = decisionByAccount.get(account);
          CaseDecision shared = decision(current, moderator, valid, acting.decisionId(), now, null);
          ReviewEvents.Covered covered =
              events.coveredBy(current, shared, acting.caseId(), appealUntil(now));
          if (!store.recordCoveredDecision(held, shared, covered.audit(), covered.outbox(), now)) {
            throw VigilException.conflict("case_changed", "changed during the bulk decision");
          }
          decided.add(shared);
          continue;
        }
        CaseDecision made = apply(current, moderator, valid, newDecisionId(clock.instant()), now);
        actions++;
        if (valid.action().restrictsAccount()) {
          decisionByAccount.put(account, made);
        }
        decided.add(made);
      } catch (VigilException e) {
        skipped.put(listed.id(), e.getMessage());
      }
    }
    audit.record(
        moderator,
        "case.bulk_decision",
        "tenant:" + query.tenant(),
        Map.of(
            "action", valid.action().wireName(),
            "decided", decided.size(),
            "actions", actions,
            "skipped", skipped.size()));
    return new BulkResult(decided, actions, skipped);
  }

  /**
   * Files the affected user's appeal against the case's decision, within the appeal window; the
   * case returns to the queue for a different moderator.
   */
  public Appeal appeal(String tenant, String caseId, String reason, String actor) {
    String text = reason == null ? null : reason.strip();
    if (text == null || text.isEmpty()) {
      throw VigilException.invalid("reason", "reason is required: why the decision is wrong");
    }
    if (text.length() > MAX_REPLY) {
      throw VigilException.invalid("reason", "reason must be at most 5000 characters");
    }
    CaseFile file = file(tenant, caseId);
    ReviewCase c = file.reviewCase();
    Instant now = clock.instant();
    if (c.appealPending()) {
      throw VigilException.conflict(
          "appeal_pending", "case " + caseId + " already has an appeal waiting for a decision");
    }
    CaseDecision last = file.lastDecision();
    if (c.state() != CaseState.DECIDED || last == null) {
      throw VigilException.conflict("not_decided", "case " + caseId + " has no decision yet");
    }
    if (last.onAppeal()) {
      throw VigilException.conflict(
          "appeal_decided", "the decision on case " + caseId + " was already reviewed on appeal");
    }
    Instant until = appealUntil(last.decidedAt());
    if (now.isAfter(until)) {
      throw VigilException.conflict(
          "appeal_window_closed", "the appeal window for case " + caseId + " closed at " + until);
    }
    Appeal appeal =
        new Appeal(
            ReviewIds.next("apl_"), tenant, caseId, last.decisionId(), text, now, null, null, null);
    Instant deadline = now.plus(triage.rules().deadlines().get(c.priority()));
    if (!store.fileAppeal(c, appeal, deadline, now)) {
      throw VigilException.conflict("case_changed", "case " + caseId + " changed; try again");
    }
    audit.record(
        actor,
        "case.appeal",
        "case:" + caseId,
        Map.of("appealId", appeal.id(), "decisionId", last.decisionId()));
    return appeal;
  }

  /** The latest statement of reasons on the case; 404 when nothing was restricted. */
  public StoredStatement statement(String tenant, String caseId) {
    file(tenant, caseId);
    return store
        .statement(tenant, caseId)
        .orElseThrow(
            () ->
                new VigilException(
                    VigilException.Kind.NOT_FOUND,
                    "no_statement",
                    "case " + caseId + " has no statement of reasons: nothing was restricted",
                    null));
  }

  public Map<String, Long> counts(String tenant) {
    return store.counts(tenant);
  }

  /** When the appeal window of a decision taken at {@code decidedAt} closes. */
  public Instant appealUntil(Instant decidedAt) {
    return decidedAt.atZone(ZoneOffset.UTC).plus(settings.appealWindow()).toInstant();
  }

  private CaseDecision apply(
      CaseFile file, String moderator, Valid valid, String decisionId, Instant now) {
    ReviewCase c = file.reviewCase();
    Appeal pending = file.pendingAppeal();
    CaseDecision reversed = null;
    if (valid.action() == ModerationAction.RESTORE) {
      reversed = file.lastRestriction();
    }
    CaseDecision decision = decision(file, moderator, valid, decisionId, now, pending);
    StoredStatement statement =
        valid.action().isRestriction() ? statements.write(file, decision, appealUntil(now)) : null;
    DecisionCommit spine =
        events.commitFor(
            file,
            decision,
            statement,
            reversed,
            appealUntil(now),
            ncii.plan(file, decision, reversed, valid.hashes()));
    String outcome =
        pending == null ? null : valid.action() == ModerationAction.RESTORE ? "reversed" : "upheld";
    long start = System.nanoTime();
    if (!store.recordDecision(c, decision, statement, outcome, now, spine)) {
      // The claim was just taken, so only an expired-and-retaken claim gets here; nothing of this
      // decision was stored.
      throw VigilException.conflict(
          "case_changed", "case " + c.id() + " changed while it was being decided");
    }
    events.stored(spine, System.nanoTime() - start);
    return decision;
  }

  private static String newDecisionId(Instant now) {
    return DecisionIds.next(now);
  }

  private static CaseDecision decision(
      CaseFile file,
      String moderator,
      Valid valid,
      String decisionId,
      Instant now,
      Appeal pending) {
    ReviewCase c = file.reviewCase();
    return new CaseDecision(
        decisionId,
        c.tenant(),
        c.id(),
        valid.action(),
        valid.ground(),
        valid.legalGround(),
        valid.explanation(),
        valid.reply(),
        moderator,
        now,
        pending != null || c.appealPending(),
        valid.action().isRestriction() ? StatementOfReasons.puid(decisionId) : null);
  }

  private void refuseIfNotDecidable(CaseFile file, String moderator, Instant now) {
    ReviewCase c = file.reviewCase();
    if (c.state() == CaseState.DECIDED) {
      throw VigilException.conflict(
          "case_decided", "case " + c.id() + " is already decided; an appeal reopens it");
    }
    if (c.claimedByOther(moderator, now)) {
      throw VigilException.conflict(
          "case_claimed", "case " + c.id() + " is claimed by another moderator");
    }
    Appeal pending = file.pendingAppeal();
    if (pending != null) {
      Optional<CaseDecision> appealed =
          file.decisions().stream()
              .filter(d -> d.decisionId().equals(pending.decisionId()))
              .findFirst();
      if (appealed.isPresent() && appealed.get().decidedBy().equals(moderator)) {
        throw VigilException.conflict(
            "same_moderator",
            "an appeal must be decided by a different moderator than the one who decided the"
                + " case");
      }
    }
  }

  private static void checkFits(CaseFile file, Valid valid) {
    ReviewCase c = file.reviewCase();
    if (valid.action() == ModerationAction.RESTORE && !c.appealPending()) {
      throw VigilException.invalid("action", "restore only decides an appeal");
    }
    if (valid.action() == ModerationAction.RESTORE && file.lastRestriction() == null) {
      throw VigilException.invalid("action", "there is no restriction on this case to restore");
    }
    if (valid.action().restrictsAccount() && c.target().accountId() == null) {
      throw VigilException.invalid(
          "action", valid.action().wireName() + " needs a case whose notices name the account");
    }
  }

  private record Valid(
      ModerationAction action,
      DecisionGround ground,
      String legalGround,
      String explanation,
      String reply,
      List<ContentHash> hashes) {}

  private static Valid validate(DecisionRequest request) {
    if (request == null) {
      throw VigilException.invalid("action", "a decision is required");
    }
    ModerationAction action = ModerationAction.fromWire(request.action());
    if (action == null) {
      throw VigilException.invalid(
          "action",
          request.action() == null
              ? "action is required"
              : "unknown action '"
                  + request.action()
                  + "'; expected one of "
                  + ModerationAction.wireNames());
    }
    DecisionGround ground = null;
    if (request.ground() != null) {
      ground = DecisionGround.fromWire(request.ground());
      if (ground == null) {
        throw VigilException.invalid("ground", "ground must be illegal or terms");
      }
    }
    if (action.isRestriction() && ground == null) {
      throw VigilException.invalid(
          "ground", "ground is required for " + action.wireName() + ": illegal or terms");
    }
    String legalGround = strip(request.legalGround());
    if (ground == DecisionGround.ILLEGAL && legalGround == null) {
      throw VigilException.invalid(
          "legalGround", "legalGround is required when the ground is illegal: name the law");
    }
    if (legalGround != null && legalGround.length() > MAX_GROUND) {
      throw VigilException.invalid("legalGround", "legalGround must be at most 500 characters");
    }
    String explanation = strip(request.explanation());
    if (explanation == null) {
      throw VigilException.invalid(
          "explanation", "explanation is required: the facts and reasons, without personal data");
    }
    if (explanation.length() > MAX_EXPLANATION) {
      throw VigilException.invalid("explanation", "explanation must be at most 2000 characters");
    }
    String reply = strip(request.reply());
    if (reply != null && reply.length() > MAX_REPLY) {
      throw VigilException.invalid("reply", "reply must be at most 5000 characters");
    }
    return new Valid(
        action,
        ground,
        legalGround,
        explanation,
        reply,
        ContentHash.validate(request.hashes(), "hashes"));
  }

  private static String strip(String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    return stripped.isEmpty() ? null : stripped;
  }
}
