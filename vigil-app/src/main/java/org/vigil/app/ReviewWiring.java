package org.vigil.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.ConsoleUsers;
import org.vigil.core.auth.PasswordHasher;
import org.vigil.core.banks.BankStore;
import org.vigil.core.jobs.PeriodicJob;
import org.vigil.core.minors.AccountDirectory;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.review.CaseReview;
import org.vigil.core.review.ExposureMeter;
import org.vigil.core.review.NciiBankWriter;
import org.vigil.core.review.NciiBanking;
import org.vigil.core.review.NoticeIntake;
import org.vigil.core.review.OverdueEscalation;
import org.vigil.core.review.ReporterPseudonyms;
import org.vigil.core.review.SpineReviewEvents;
import org.vigil.core.review.StatementFiling;
import org.vigil.core.review.Triage;
import org.vigil.core.review.TriageRules;
import org.vigil.report.DeliveryWorker;
import org.vigil.report.RetryPolicy;
import org.vigil.report.dsa.StatementFiler;
import org.vigil.report.dsa.TransparencyDatabaseClient;
import org.vigil.report.ncii.NciiBankConsumer;
import org.vigil.store.Database;
import org.vigil.store.JdbcCaseStore;
import org.vigil.store.JdbcConsoleUserStore;
import org.vigil.store.JdbcNciiLedger;
import org.vigil.store.JdbcOutbox;
import org.vigil.store.JdbcOutboxSubscribers;

/**
 * Notice and action wired on one database: intake, review, the overdue sweep, the console's users
 * and exposure meter, and (with {@code VIGIL_DSA_TDB_URL}) the Transparency Database filer.
 */
public final class ReviewWiring {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReviewWiring.class);

  /** The triage file an operator may put in the data directory. */
  public static final String TRIAGE_FILE = "review-triage.yaml";

  private final JdbcCaseStore cases;
  private final NoticeIntake intake;
  private final CaseReview review;
  private final OverdueEscalation escalation;
  private final ConsoleUsers consoleUsers;
  private final ExposureMeter exposure;
  private final StatementFiler filer;
  private final DecisionLog decisions;
  private final NciiBanking ncii;
  private final DeliveryWorker nciiWorker;

  ReviewWiring(
      VigilConfig config,
      Database database,
      AuditLog audit,
      AccountDirectory accounts,
      DecisionLog decisions,
      byte[] pseudonymKey,
      org.vigil.core.review.MatchJudgements judgements,
      BankStore banks,
      java.util.function.Consumer<List<org.vigil.core.banks.BankChange>> applyBankChanges,
      Clock clock) {
    ReviewConfig rc = config.review();
    TriageRules rules = triageRules(rc, config.dataDir());
    Triage triage = new Triage(rules);
    this.cases = new JdbcCaseStore(database);
    JdbcOutbox outbox = new JdbcOutbox(database);
    this.decisions = decisions;
    SpineReviewEvents events = new SpineReviewEvents(decisions, outbox, judgements);
    this.intake =
        new NoticeIntake(
            cases,
            triage,
            new ReporterPseudonyms(pseudonymKey),
            (tenant, accountId) -> isMinor(accounts, tenant, accountId, clock),
            audit,
            clock);
    JdbcOutboxSubscribers subscribers = new JdbcOutboxSubscribers(database);
    // TAKE IT DOWN: ncii removals feed the ncii bank through the outbox (docs/review.md).
    String nciiBank = rc.settings().nciiBank();
    this.ncii =
        nciiBank == null
            ? NciiBanking.OFF
            : new NciiBanking(nciiBank, decisions, subscribers, clock);
    this.nciiWorker =
        nciiBank == null
            ? null
            : new DeliveryWorker(
                outbox,
                new NciiBankConsumer(
                    new NciiBankWriter(
                        banks, new JdbcNciiLedger(database), audit, applyBankChanges, clock)),
                RetryPolicy.DEFAULT,
                clock,
                Duration.ofMinutes(1),
                Duration.ofSeconds(2),
                50);
    // Each tenant is its own platform to the Transparency Database: its statements are filed
    // under its own token, and a tenant without one keeps them unfiled (docs/review.md).
    StatementFiling filing;
    if (rc.tdbUrl() != null) {
      TransparencyDatabaseTokens tokens = rc.tdbTokens();
      Map<String, TransparencyDatabaseClient> clients = new LinkedHashMap<>();
      for (String tenant : tokens.tenants()) {
        boolean firstToken =
            subscribers.ensure(
                subscriptionId(tenant),
                tenant,
                StatementFiler.CONSUMER,
                List.of(SpineReviewEvents.STATEMENT),
                clock.instant());
        if (firstToken) {
          // Statements the tenant made before it had a token are filed too (Art. 24(5)).
          int queued =
              cases.queueUnfiledStatements(
                  tenant, subscriptionId(tenant), StatementFiler.CONSUMER, clock.instant());
          if (queued > 0) {
            LOG.info(
                "Transparency Database: {} earlier statements of tenant {} queued for filing",
                queued,
                tenant);
          }
        }
        clients.put(
            tenant,
            new TransparencyDatabaseClient(
                rc.tdbUrl(), tokens.token(tenant).orElseThrow(), Duration.ofSeconds(30)));
      }
      this.filer =
          new StatementFiler(
              outbox,
              cases,
              clients,
              RetryPolicy.DEFAULT,
              clock,
              Duration.ofMinutes(2),
              Duration.ofSeconds(10));
      filing =
          tenant ->
              clients.containsKey(tenant)
                  ? null
                  : "no Transparency Database token for tenant '"
                      + tenant
                      + "' (VIGIL_DSA_TDB_TOKENS_FILE): kept, not filed";
    } else {
      this.filer = null;
      filing = StatementFiling.NONE;
    }
    this.review = new CaseReview(cases, triage, rc.settings(), events, ncii, filing, audit, clock);
    this.escalation = new OverdueEscalation(cases, rules, events, audit, clock);
    JdbcConsoleUserStore users = new JdbcConsoleUserStore(database);
    this.consoleUsers = new ConsoleUsers(users, new PasswordHasher(), audit, clock);
    this.exposure = new ExposureMeter(users, audit, clock, rc.dailyRevealCap());
  }

  /** The subscription of a tenant's statements to the Transparency Database filer. */
  static String subscriptionId(String tenant) {
    return org.vigil.core.actions.OutboxSubscribers.idFor("sub_dsa_tdb_", tenant);
  }

  static TriageRules triageRules(ReviewConfig rc, Path dataDir) {
    if (rc.triageFile() != null) {
      return TriageRules.load(rc.triageFile());
    }
    Path operator = dataDir.resolve(TRIAGE_FILE);
    return Files.isRegularFile(operator) ? TriageRules.load(operator) : TriageRules.bundled();
  }

  /** Whether the platform registered the account with a birth date under 18 years ago. */
  private static boolean isMinor(
      AccountDirectory accounts, String tenant, String accountId, Clock clock) {
    return accounts
        .findProfile(tenant, accountId)
        .map(
            a ->
                a.birthDate() != null
                    && Period.between(a.birthDate(), LocalDate.now(clock.withZone(ZoneOffset.UTC)))
                            .getYears()
                        < 18)
        .orElse(false);
  }

  /**
   * The periodic jobs: the overdue sweep; the filer when a Transparency Database is configured; the
   * ncii bank writer when an ncii bank is.
   */
  List<PeriodicJob> jobs() {
    List<PeriodicJob> jobs = new ArrayList<>();
    jobs.add(PeriodicJob.of(escalation.name(), escalation.every(), escalation::run));
    if (filer != null) {
      jobs.add(PeriodicJob.of(filer.name(), filer.every(), filer::run));
    }
    if (nciiWorker != null) {
      jobs.add(nciiWorker);
    }
    return List.copyOf(jobs);
  }

  /** What ncii removals do to the ncii bank. */
  public NciiBanking ncii() {
    return ncii;
  }

  /** The ncii bank's outbox worker, or null when no ncii bank is configured. */
  public DeliveryWorker nciiWorker() {
    return nciiWorker;
  }

  public JdbcCaseStore cases() {
    return cases;
  }

  public NoticeIntake intake() {
    return intake;
  }

  public CaseReview review() {
    return review;
  }

  public OverdueEscalation escalation() {
    return escalation;
  }

  public ConsoleUsers consoleUsers() {
    return consoleUsers;
  }

  public ExposureMeter exposure() {
    return exposure;
  }

  /** The decision log the console reads policy decisions (hash matches, rules) from. */
  public DecisionLog decisions() {
    return decisions;
  }

  /** The Transparency Database filer, or null when none is configured. */
  public StatementFiler filer() {
    return filer;
  }
}
