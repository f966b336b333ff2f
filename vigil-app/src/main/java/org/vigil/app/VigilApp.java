package org.vigil.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.app.metrics.MeteredDecisionLog;
import org.vigil.app.metrics.ServiceMetrics;
import org.vigil.core.actions.Outbox;
import org.vigil.core.actions.WebhookSubscription;
import org.vigil.core.actions.WebhookSubscriptions;
import org.vigil.core.actions.Webhooks;
import org.vigil.core.audit.AuditCheckpointer;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.audit.AuditSigningKey;
import org.vigil.core.audit.AuditStore;
import org.vigil.core.auth.ApiKeyStore;
import org.vigil.core.auth.ApiKeys;
import org.vigil.core.banks.BankService;
import org.vigil.core.courtorders.CourtOrderCheck;
import org.vigil.core.courtorders.CourtOrderRegistry;
import org.vigil.core.courtorders.IdentifierNormaliser;
import org.vigil.core.courtorders.IdentifierPseudonymiser;
import org.vigil.core.evidence.EvidenceBlobs;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.jobs.PeriodicJob;
import org.vigil.core.matcher.BankMatcher;
import org.vigil.core.matcher.IndexSnapshotJob;
import org.vigil.core.matcher.IndexSnapshots;
import org.vigil.core.minors.AccountDirectory;
import org.vigil.core.minors.DecideService;
import org.vigil.core.minors.DecisionCheck;
import org.vigil.core.minors.ExistingAccountsReview;
import org.vigil.core.minors.MinorProtectionCheck;
import org.vigil.core.minors.ReviewActionEvents;
import org.vigil.core.minors.ReviewActionOutbox;
import org.vigil.core.minors.RuleSet;
import org.vigil.core.minors.RuleSetLoader;
import org.vigil.core.policy.Policies;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.LegalHolds;
import org.vigil.core.records.RetentionJob;
import org.vigil.core.records.RetentionStore;
import org.vigil.core.reports.AuthorityReports;
import org.vigil.core.reports.EuExports;
import org.vigil.core.usecases.Decide;
import org.vigil.core.usecases.PolicyActions;
import org.vigil.core.usecases.QueuedScans;
import org.vigil.core.usecases.Scan;
import org.vigil.hash.image.MediaHasher;
import org.vigil.hash.video.VideoHasher;
import org.vigil.report.DeliveryWorker;
import org.vigil.report.RetryPolicy;
import org.vigil.report.eu.EuCaseReportBuilder;
import org.vigil.report.eu.EuReportSchema;
import org.vigil.report.ncmec.CaseReportBuilder;
import org.vigil.report.ncmec.CyberTiplineClient;
import org.vigil.report.ncmec.CyberTiplineReport;
import org.vigil.report.ncmec.CyberTiplineSender;
import org.vigil.report.webhook.ConfiguredEndpoint;
import org.vigil.report.webhook.WebhookConsumer;
import org.vigil.store.Database;
import org.vigil.store.DirectoryEvidenceBlobs;
import org.vigil.store.JdbcAccountDirectory;
import org.vigil.store.JdbcApiKeyStore;
import org.vigil.store.JdbcAuditStore;
import org.vigil.store.JdbcBankStore;
import org.vigil.store.JdbcCaseStore;
import org.vigil.store.JdbcCourtOrderStore;
import org.vigil.store.JdbcDecisionLog;
import org.vigil.store.JdbcEvidenceStore;
import org.vigil.store.JdbcFilingStore;
import org.vigil.store.JdbcOutbox;
import org.vigil.store.JdbcPolicyActionStore;
import org.vigil.store.JdbcPolicyStore;
import org.vigil.store.JdbcRetentionStore;
import org.vigil.store.JdbcReviewActionOutbox;
import org.vigil.store.JdbcScanRequests;
import org.vigil.store.JdbcWebhookSubscriptions;
import org.vigil.store.S3EvidenceBlobs;
import org.vigil.stream.BankChangeFollower;
import org.vigil.stream.BankChangePublisher;
import org.vigil.stream.KafkaClientSettings;
import org.vigil.stream.KafkaScanQueue;
import org.vigil.stream.ScanWorker;
import org.vigil.stream.Topics;

/**
 * The wiring: one database, the stores on it, and the services built from them. Constructed once
 * per process; the HTTP server and the CLI commands both take their services from here, so a
 * command line operation and an API call behave identically.
 */
public final class VigilApp implements AutoCloseable {

  private final VigilConfig config;
  private final Clock clock;
  private final Database database;
  private final AuditStore auditStore;
  private final AuditLog audit;
  private final ApiKeyStore keyStore;
  private final RetentionStore retentionStore;
  private final LegalHolds legalHolds;
  private final ApiKeys keys;
  private final BankMatcher matcher;
  private final BankService banks;
  private final DecisionLog decisionLog;
  private final Policies policies;
  private final Scan scans;
  private volatile QueuedScans queuedScans;
  private final List<AutoCloseable> streams = new java.util.ArrayList<>();
  private volatile ScanWorker scanWorker;
  private volatile BankChangeFollower follower;
  private volatile IndexSnapshots.Restored restored;
  private final Decide decide;
  private final MediaHasher mediaHasher;
  private final VideoHasher videoHasher;
  private final PrometheusMeterRegistry meters;
  private final JobScheduler jobs;
  private final ServiceMetrics serviceMetrics;
  private final JdbcAccountDirectory accounts;
  private final MinorProtectionCheck minors;
  private final DecideService decisions;
  private final ExistingAccountsReview accountsReview;
  private final ReviewActionOutbox reviewActions;
  private final CourtOrderRegistry courtOrders;
  private final EvidenceVault evidence;
  private final JdbcFilingStore filings;
  private final AuthorityReports authorityReports;
  private final EuExports euExports;
  private final Outbox outbox;
  private final WebhookSubscriptions webhookSubscriptions;
  private final Webhooks webhooks;
  private boolean webhookDeliveryStarted;
  private final ReviewWiring review;
  private final ExchangeWiring exchanges;
  private final ExchangeLoopWiring exchangeLoop;
  private boolean exchangeLoopStarted;
  private AuditCheckpointer auditCheckpointer;
  private AuditSigningKey auditSigningKey;

  private VigilApp(VigilConfig config, Clock clock, Database database, RuleSet minorsRules) {
    this.config = config;
    this.clock = clock;
    this.database = database;
    this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.serviceMetrics = new ServiceMetrics(meters);
    serviceMetrics.bindPool(database.dataSource());
    this.auditStore = new JdbcAuditStore(database);
    this.audit = new AuditLog(auditStore, clock);
    this.keyStore = new JdbcApiKeyStore(database);
    this.keys = new ApiKeys(keyStore, clock);
    this.retentionStore = new JdbcRetentionStore(database);
    this.legalHolds = new LegalHolds(retentionStore, audit, clock);
    this.matcher = new BankMatcher();
    this.banks = new BankService(new JdbcBankStore(database), matcher, audit, clock);
    this.decisionLog = new MeteredDecisionLog(new JdbcDecisionLog(database), meters);
    this.policies =
        new Policies(
            new JdbcPolicyStore(database),
            decisionLog,
            audit,
            clock,
            // A tenant's policy names the banks it sees: the others' private ones are unknown.
            tenant ->
                banks.list().stream()
                    .filter(bank -> bank.visibleTo(tenant))
                    .map(org.vigil.core.banks.Bank::name)
                    .collect(java.util.stream.Collectors.toSet()));
    // Exchanges (their store, sealed credentials, adapter types and sync), and the feedback loop
    // around them (docs/exchanges.md): both before the scan, which asks remote lists and
    // passes every match through the negative banks and the flood guard.
    this.exchanges = new ExchangeWiring(config, database, banks, audit, clock);
    this.exchangeLoop =
        new ExchangeLoopWiring(
            database,
            decisionLog,
            banks,
            exchanges.store(),
            exchanges.adapters(),
            exchanges.secrets(),
            new JdbcOutbox(database),
            audit,
            org.vigil.core.matcher.FloodGuard.Settings.DEFAULT,
            clock);
    this.mediaHasher = new MediaHasher(config.maxImagePixels());
    // FFmpeg is looked up when the first video arrives: a server without it still scans images.
    this.videoHasher = config.video().hasher();
    this.jobs = new JobScheduler(meters, clock, JOB_THREADS);
    this.courtOrders = courtOrderRegistry(config, clock, database, audit);
    // Decisions trust its "not registered" only while the account sync (startBankSync) is current.
    this.accounts =
        new JdbcAccountDirectory(
            database, Duration.ofMillis(ACCOUNT_SYNC_STALE_AFTER * config.bankSyncMillis()));
    this.minors = new MinorProtectionCheck(minorsRules);
    // POST /v1/decide gathers the findings of both checks as signals; the policy decides (the
    // built-in one stops at a court order: a court's restriction needs no age reasoning).
    java.util.List<DecisionCheck> checks =
        java.util.List.of(new CourtOrderCheck(courtOrders), minors);
    this.decisions = new DecideService(accounts, minors.jurisdictions(), checks, clock);
    // The review decides with the minors rules alone: court orders are not a minimum-age matter.
    this.accountsReview =
        new ExistingAccountsReview(
            accounts,
            new DecideService(accounts, minors.jurisdictions(), java.util.List.of(minors), clock),
            tenant -> policies.active(tenant).live());
    // The master key comes from its own file, never the database; the ciphertexts live under the
    // data directory, owner-only, or in an S3-compatible bucket.
    this.evidence =
        new EvidenceVault(
            new JdbcEvidenceStore(database),
            evidenceBlobs(config),
            VaultKeyFile.cipher(config),
            VigilConfig.retentionPolicy(config.evidenceRetention()),
            audit,
            clock);
    this.filings = new JdbcFilingStore(database);
    this.authorityReports =
        new AuthorityReports(
            filings, new JdbcCaseStore(database), audit, config.ncmec().fourEyes());
    this.euExports =
        new EuExports(
            config.euAuthorities(),
            new JdbcCaseStore(database),
            evidence,
            decisionLog,
            filings,
            new EuCaseReportBuilder(new EuReportSchema()),
            audit,
            clock);
    JdbcReviewActionOutbox reviewOutbox = new JdbcReviewActionOutbox(database);
    // Actions a pre-outbox version recorded but had not delivered yet leave through the outbox.
    reviewOutbox.moveToOutbox();
    this.reviewActions = reviewOutbox;
    this.outbox = new JdbcOutbox(database);
    this.webhookSubscriptions = new JdbcWebhookSubscriptions(database);
    this.webhooks = new Webhooks(webhookSubscriptions, outbox, audit, clock);
    this.review =
        new ReviewWiring(
            config,
            database,
            audit,
            accounts,
            decisionLog,
            CourtOrderKeyFile.loadOrCreate(config),
            exchangeLoop.feedback(),
            new JdbcBankStore(database),
            banks::applyStoredChanges,
            clock);
    // Names under VIGIL_NCII_BANK are each tenant's ncii bank: no other tenant may take them.
    if (review.ncii().enabled()) {
      banks.keepNames(review.ncii()::refuseName);
    }
    // The live policy's case actions: queue_review, preserve_evidence and report_authority open
    // the case, seal the evidence and draft the report in the decision's own transaction.
    PolicyActions actions =
        new PolicyActions(
            decisionLog,
            new JdbcPolicyActionStore(database, review.cases()),
            review.intake(),
            evidence);
    this.scans =
        new Scan(
            matcher,
            policies,
            actions,
            clock,
            config.minPdqQuality(),
            exchangeLoop.guards(),
            exchangeLoop.remote(),
            banks::findSignal);
    // Without Kafka there is no queue: asynchronous scans are refused, request lookups still work.
    this.queuedScans =
        new QueuedScans(
            scans, decisionLog, new JdbcScanRequests(database), null, mediaHasher, clock);
    this.decide = new Decide(decisions, policies, actions, clock);
  }

  /** Threads shared by every periodic job (see {@link JobScheduler}). */
  private static final int JOB_THREADS = 2;

  /**
   * The court-order register; a key file that does not match the database stops the start with one
   * line naming the file and its setting (a node started with another node's database but its own
   * generated key is the usual cause).
   */
  private static CourtOrderRegistry courtOrderRegistry(
      VigilConfig config, Clock clock, Database database, AuditLog audit) {
    byte[] key = CourtOrderKeyFile.loadOrCreate(config);
    try {
      return new CourtOrderRegistry(
          new JdbcCourtOrderStore(database),
          new IdentifierPseudonymiser(key),
          new IdentifierNormaliser(config.phoneCountry()),
          clock,
          audit::record,
          config.security().subscriberAddresses());
    } catch (IllegalStateException e) {
      throw new StartupException(
          "the court-order key in "
              + config.resolvedCourtOrderKeyFile()
              + " (VIGIL_COURT_ORDER_KEY_FILE) is not the key this database was written with;"
              + " point VIGIL_COURT_ORDER_KEY_FILE at the original key file (every node sharing"
              + " a database needs the same one)",
          e);
    }
  }

  /**
   * Where the vault's ciphertexts go: the bucket of VIGIL_VAULT_S3_BUCKET when set (checked at
   * start: an unreachable bucket stops the start naming it), else {@code <dataDir>/vault}.
   */
  private static EvidenceBlobs evidenceBlobs(VigilConfig config) {
    VaultSettings.S3 s3 = config.vault().s3();
    if (s3 == null) {
      return new DirectoryEvidenceBlobs(config.dataDir().resolve("vault"));
    }
    try {
      return S3EvidenceBlobs.connect(
          s3.endpoint(),
          s3.region(),
          s3.bucket(),
          s3.prefix(),
          s3.accessKeyId(),
          s3.secretAccessKey(),
          s3.pathStyle());
    } catch (IllegalStateException e) {
      throw new StartupException(
          e.getMessage() + " (VIGIL_VAULT_S3_BUCKET, VIGIL_VAULT_S3_ENDPOINT, credentials)", e);
    }
  }

  /** An operator's own copy of the minors rules in the data directory replaces the bundled one. */
  public static final String MINORS_RULES_FILE = "minors-rules.yaml";

  /**
   * The minors rule set: {@code <dataDir>/minors-rules.yaml} when present (a copy of the bundled
   * file with the operator's changes, e.g. a law's new effective date), else the bundled rules. A
   * bad file stops the start with the file and the path of the problem.
   */
  static RuleSet minorsRules(java.nio.file.Path dataDir) {
    java.nio.file.Path file = dataDir.resolve(MINORS_RULES_FILE);
    return java.nio.file.Files.isRegularFile(file)
        ? RuleSetLoader.load(file)
        : RuleSetLoader.bundled();
  }

  /**
   * Opens the configured database (migrating it) and wires every service; banks are not yet loaded.
   */
  /** True when {@code dataDir} already holds the embedded database. */
  public static boolean hasEmbeddedDatabase(java.nio.file.Path dataDir) {
    return Database.embeddedExists(dataDir);
  }

  public static VigilApp open(VigilConfig config, Clock clock) {
    // Files the operator edits are read before the database is opened or anything is created, so
    // a broken one stops the start with one line and nothing else changed.
    RuleSet rules = minorsRules(config.dataDir());
    Database database =
        config.dbUrl() != null
            ? Database.open(config.dbUrl(), config.dbUser(), config.dbPassword())
            : Database.openEmbedded(config.dataDir());
    try {
      return new VigilApp(config, clock, database, rules);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public VigilConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Database database() {
    return database;
  }

  public AuditLog audit() {
    return audit;
  }

  public AuditStore auditStore() {
    return auditStore;
  }

  public ApiKeyStore keyStore() {
    return keyStore;
  }

  public ApiKeys keys() {
    return keys;
  }

  public BankMatcher matcher() {
    return matcher;
  }

  public BankService banks() {
    return banks;
  }

  /** The scan use case behind POST /v1/scan. */
  public Scan scans() {
    return scans;
  }

  /** Asynchronous scans: POST /v1/scan?async=true, the workers, GET /v1/scan/requests/{id}. */
  public QueuedScans queuedScans() {
    return queuedScans;
  }

  /**
   * Fills this process's in-memory indexes: on Kafka with index snapshots on (docs/kafka.md, "Index
   * snapshots"), from the newest snapshot that suits the database and the change log after it;
   * otherwise, or when there is none, from every bank in the database. Call before {@link
   * #startKafka}, which resumes reading {@code vigil.banks} where the snapshot left off.
   *
   * @return the snapshot restored, if one was
   */
  public synchronized Optional<IndexSnapshots.Restored> loadBanks(StreamSettings stream) {
    if (stream.snapshots()) {
      Optional<IndexSnapshots.Restored> loaded = snapshots(stream).restore();
      if (loaded.isPresent()) {
        restored = loaded.get();
        return loaded;
      }
    }
    banks.loadAll();
    return Optional.empty();
  }

  /**
   * The index snapshots {@code stream} configures for this process (tests, {@code vigil bench}).
   */
  public IndexSnapshots snapshots(StreamSettings stream) {
    return new IndexSnapshots(stream.snapshotDir(config.dataDir()), matcher, banks, clock);
  }

  /**
   * Joins the scan pipeline on Kafka (docs/kafka.md), when {@code stream} names a cluster: creates
   * the missing topics; as an API node, queues asynchronous scans and publishes this node's bank
   * changes; as a worker, decides queued scans and applies bank changes as they are published; with
   * index snapshots on, writes one every {@code VIGIL_INDEX_SNAPSHOT_SECONDS} when the indexes
   * changed. Call after the banks are loaded ({@link #loadBanks}). Stopped by {@link #close},
   * before anything else.
   */
  public synchronized void startKafka(StreamSettings stream) {
    if (!stream.enabled()) {
      return;
    }
    KafkaClientSettings kafka;
    try {
      kafka = stream.clients();
      Topics.ensure(kafka, stream.partitions());
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    } catch (org.vigil.stream.KafkaUnavailableException e) {
      throw new StartupException(e.getMessage() + " (--kafka, VIGIL_KAFKA)", e);
    }
    try {
      startClients(stream, kafka);
    } catch (org.apache.kafka.common.KafkaException e) {
      // A client property the Kafka client refuses (a bad security.protocol, a malformed JAAS
      // line): its message names the setting, not the secret.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StartupException(
          "the Kafka client settings are refused: "
              + cause.getMessage()
              + " (--kafka-config, VIGIL_KAFKA_CONFIG)",
          e);
    }
  }

  private void startClients(StreamSettings stream, KafkaClientSettings kafka) {
    if (stream.role().serves()) {
      KafkaScanQueue queue = new KafkaScanQueue(kafka);
      streams.add(queue);
      this.queuedScans =
          new QueuedScans(
              scans, decisionLog, new JdbcScanRequests(database), queue, mediaHasher, clock);
      BankChangePublisher publisher = new BankChangePublisher(kafka);
      streams.add(publisher);
      banks.onChange(publisher);
    }
    if (stream.role().works()) {
      IndexSnapshots.Restored from = restored;
      follower =
          new BankChangeFollower(
                  kafka,
                  banks::appliedChangeSeq,
                  banks::syncFromStore,
                  from == null ? Map.of() : from.positions())
              .start();
      streams.add(follower);
      scanWorker = new ScanWorker(kafka, queuedScans, stream.workerThreads()).start();
      streams.add(scanWorker);
    }
    if (stream.snapshots()) {
      BankChangeFollower reader = follower;
      jobs.schedule(
          new IndexSnapshotJob(
              snapshots(stream),
              reader == null ? Map::of : reader::positions,
              stream.snapshotEvery()));
    }
  }

  /** This worker's reader of {@code vigil.banks} (null when not a worker on Kafka). */
  public BankChangeFollower bankFollower() {
    return follower;
  }

  /** Scan requests this process's worker has decided since start (0 when it is not a worker). */
  public long scansDecidedByWorker() {
    ScanWorker worker = scanWorker;
    return worker == null ? 0 : worker.decided();
  }

  /** The decide use case behind POST /v1/decide. */
  public Decide decide() {
    return decide;
  }

  /** Every decision, scans and decide calls alike. */
  public DecisionLog decisionLog() {
    return decisionLog;
  }

  /** Policy versions, the live one and the shadows. */
  public Policies policies() {
    return policies;
  }

  public MediaHasher mediaHasher() {
    return mediaHasher;
  }

  public VideoHasher videoHasher() {
    return videoHasher;
  }

  /** The court-order registry; also the {@code RestrictedClientsFeed} DNS enforcement reads. */
  public CourtOrderRegistry courtOrders() {
    return courtOrders;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  public AccountDirectory accounts() {
    return accounts;
  }

  public MinorProtectionCheck minors() {
    return minors;
  }

  /** The checks behind POST /v1/decide. */
  public DecideService decisions() {
    return decisions;
  }

  public ExistingAccountsReview accountsReview() {
    return accountsReview;
  }

  public ReviewActionOutbox reviewActions() {
    return reviewActions;
  }

  /** The evidence vault: preserved media, encrypted, kept exactly as long as the law says. */
  public EvidenceVault evidence() {
    return evidence;
  }

  /** Reports of cases to the authorities: request, four-eyes confirmation, status. */
  public AuthorityReports authorityReports() {
    return authorityReports;
  }

  /** EU exports of a case, for the authorities VIGIL_EU_AUTHORITIES lists. */
  public EuExports euExports() {
    return euExports;
  }

  /**
   * Starts sending confirmed reports to NCMEC's CyberTipline every VIGIL_NCMEC_SEND_EVERY (30 s),
   * when credentials are configured (VIGIL_NCMEC_*); without them filings wait, visible on their
   * cases.
   *
   * @return whether sending runs
   */
  public boolean startCyberTiplineFiling() {
    NcmecSettings ncmec = config.ncmec();
    if (!ncmec.enabled()) {
      return false;
    }
    CyberTiplineSender sender =
        new CyberTiplineSender(
            new CyberTiplineClient(ncmec.url(), ncmec.user(), ncmec.password()),
            filings,
            new JdbcCaseStore(database),
            evidence,
            new CaseReportBuilder(
                new CyberTiplineReport.Reporter(
                    ncmec.reporterEmail(),
                    ncmec.companyTemplate(),
                    ncmec.legalUrl() == null ? null : ncmec.legalUrl().toString()),
                "Vigil"),
            decisionLog,
            clock);
    return jobs.schedule(PeriodicJob.of("ncmec-filing", ncmec.sendEvery(), sender::sendDue));
  }

  /**
   * Stops a start whose vault keys cannot open the evidence: after {@code vigil vault rotate-key}
   * to a key the configuration does not name yet (VIGIL_VAULT_KEY_FILE still the old one), every
   * read would fail; better to refuse at once, naming the key id the items need.
   *
   * @throws StartupException naming the missing key ids and the settings to change
   */
  public void requireVaultKeys() {
    List<String> missing = evidence.missingMasterKeys();
    if (!missing.isEmpty()) {
      throw new StartupException(
          "evidence items are wrapped by master key "
              + String.join(", ", missing)
              + ", which neither VIGIL_VAULT_KEY_FILE ("
              + config.resolvedVaultKeyFile()
              + ") nor VIGIL_VAULT_PREVIOUS_KEY_FILES holds; point VIGIL_VAULT_KEY_FILE at the"
              + " key a rotation moved them to (vigil vault rotate-key --new-key-file)");
    }
  }

  /**
   * Starts the vault's retention: every VIGIL_VAULT_SWEEP_EVERY (an hour), items past their
   * retention date and not on hold are destroyed (each deletion audited), and blobs a crash left
   * without a metadata row for longer than VIGIL_VAULT_ORPHAN_GRACE are removed.
   */
  public void startEvidenceRetention() {
    VaultSettings vault = config.vault();
    jobs.schedule(
        PeriodicJob.of(
            "evidence-retention",
            vault.sweepEvery(),
            () -> {
              evidence.deleteExpired();
              evidence.removeOrphans(vault.orphanGrace());
            }));
  }

  /** JVM, pool and bank metrics, and the hook outbox consumers report their backlog through. */
  public ServiceMetrics serviceMetrics() {
    return serviceMetrics;
  }

  /**
   * Starts the retention of decision records (docs/store.md): every hour, decisions with verdict
   * {@code allow} older than VIGIL_RETENTION_NO_MATCH are deleted unless their subject is on legal
   * hold, and each deletion run is audited.
   */
  public void startRecordRetention() {
    jobs.schedule(
        new RetentionJob(
            retentionStore,
            audit,
            clock,
            config.retention().noMatch(),
            config.retention().courtOrderReporting(),
            config.retention().pruneNoMatchAudit() ? auditSigningKey() : null));
  }

  /** Legal holds on decision subjects, which the retention job respects. */
  public LegalHolds legalHolds() {
    return legalHolds;
  }

  /** The one scheduler of this process; other periodic work is added with {@link #schedule}. */
  public JobScheduler jobs() {
    return jobs;
  }

  /**
   * Runs {@code job} on the process's scheduler until {@link #close}.
   *
   * @return false when a job of that name already runs
   */
  public boolean schedule(PeriodicJob job) {
    return jobs.schedule(job);
  }

  /** Hash-list exchanges: the use case and the sync. */
  public ExchangeWiring exchanges() {
    return exchanges;
  }

  /**
   * Starts fetching every enabled exchange on its own schedule in this process (one job, {@code
   * exchange-fetch}, waking every 30 s). Servers sharing a database may all run it: a page applied
   * twice changes nothing, and the bank change log carries each change to every server.
   */
  public void startExchangeSync() {
    jobs.schedule(exchanges.job());
  }

  /** Notice and action: intake, review, console users, the Transparency Database filer. */
  public ReviewWiring review() {
    return review;
  }

  /**
   * Starts the review's periodic work in this process: the overdue sweep (expired claims back to
   * the queue, overdue cases escalated with a {@code case.overdue} message) and, when {@code
   * VIGIL_DSA_TDB_URL} is set, filing statements in the Transparency Database.
   */
  public void startReviewJobs() {
    for (PeriodicJob job : review.jobs()) {
      jobs.schedule(job);
    }
  }

  /**
   * Starts keeping the court-order register current in this process: every 10 s it reloads what
   * other processes wrote (API nodes, {@code vigil orders}, {@code vigil dns serve}) and records
   * order activations and expiries (see {@link CourtOrderSweeper}). Call once in every long-running
   * process that reads the register; stopped by {@link #close}.
   */
  public void startCourtOrderSync() {
    jobs.schedule(new CourtOrderSweeper(courtOrders));
  }

  /**
   * Starts applying bank changes made by other servers sharing the database, every {@code
   * VIGIL_BANK_SYNC_MILLIS}. Only servers need this; one-shot commands do not.
   */
  public void startBankSync() {
    // Policy activations made by other servers on the same database arrive on the same beat.
    jobs.schedule(
        PeriodicJob.of(
            "policy-sync", Duration.ofMillis(config.bankSyncMillis()), policies::reload));
    jobs.schedule(
        PeriodicJob.of(
            "bank-sync", Duration.ofMillis(config.bankSyncMillis()), banks::syncFromStore));
    // Accounts other servers create; until its first run (and whenever it falls more than
    // ACCOUNT_SYNC_STALE_AFTER beats behind) decisions read every account from the database.
    jobs.schedule(
        PeriodicJob.of(
            "account-sync",
            Duration.ofMillis(config.bankSyncMillis()),
            accounts::syncRegisteredIds));
  }

  /** Sync beats after which the account filter is no longer trusted (see JdbcAccountDirectory). */
  static final int ACCOUNT_SYNC_STALE_AFTER = 3;

  /**
   * Starts the feedback loop's periodic work: benign marks and flood-guard holds made on other
   * servers (on the bank-sync beat), the remote lists, and sending moderators' opinions to the
   * exchanges. Loads the marks and holds first, so the first scan already sees them.
   */
  public void startExchangeLoop() {
    startExchangeLoop(RetryPolicy.DEFAULT, Duration.ofSeconds(2));
  }

  /** As {@link #startExchangeLoop()}, with the feedback retry policy and interval given (tests). */
  public synchronized void startExchangeLoop(RetryPolicy retry, Duration feedbackEvery) {
    if (exchangeLoopStarted) {
      return;
    }
    exchangeLoopStarted = true;
    exchangeLoop.load();
    for (PeriodicJob job :
        exchangeLoop.jobs(Duration.ofMillis(config.bankSyncMillis()), retry, feedbackEvery)) {
      jobs.schedule(job);
    }
  }

  /** The feedback loop's parts (negative banks, flood guard, remote lists, opinions). */
  public ExchangeLoopWiring exchangeLoop() {
    return exchangeLoop;
  }

  /** The outbox every message leaving Vigil goes through. */
  public Outbox outbox() {
    return outbox;
  }

  /** The webhook use cases behind {@code /v1/webhooks}. */
  public Webhooks webhooks() {
    return webhooks;
  }

  /** How long one webhook request may take, connection included. */
  static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

  /** Deliveries claimed at once by the webhook worker. */
  static final int WEBHOOK_BATCH = 16;

  /**
   * Starts delivering the outbox to webhook subscribers (those created with {@code POST
   * /v1/webhooks}, and the endpoint of {@code VIGIL_WEBHOOK_URL}, which receives the review actions
   * signed with the secret of {@code VIGIL_WEBHOOK_SECRET_FILE}, created here on first use, exactly
   * as before the outbox). Without that URL its subscription is removed and platforms poll {@code
   * GET /v1/accounts/actions}. Stopped by {@link #close}.
   *
   * @return whether the {@code VIGIL_WEBHOOK_URL} endpoint is served
   */
  public boolean startWebhookDelivery() {
    return startWebhookDelivery(
        new RetryPolicy(
            RetryPolicy.DEFAULT.first(), RetryPolicy.DEFAULT.max(), config.webhookMaxAttempts()),
        Duration.ofSeconds(1));
  }

  /**
   * As {@link #startWebhookDelivery()}, with the retry policy and polling interval given (tests).
   */
  public synchronized boolean startWebhookDelivery(RetryPolicy retry, Duration pollEvery) {
    Map<String, ConfiguredEndpoint> configured = new HashMap<>();
    if (config.webhookUrl() != null) {
      byte[] key = WebhookSecretFile.loadOrCreate(config).getBytes(StandardCharsets.UTF_8);
      webhookSubscriptions.putConfigured(
          new WebhookSubscription(
              WebhookSubscriptions.CONFIGURED_ID,
              ReviewActionEvents.TENANT,
              URI.create(config.webhookUrl()),
              List.of(ReviewActionEvents.TOPIC),
              List.of(),
              clock.instant()));
      configured.put(WebhookSubscriptions.CONFIGURED_ID, new ConfiguredEndpoint(key));
    } else {
      webhookSubscriptions.delete(
          ReviewActionEvents.TENANT, WebhookSubscriptions.CONFIGURED_ID, clock.instant());
    }
    if (!webhookDeliveryStarted) {
      webhookDeliveryStarted = true;
      // No request starts after half the lease, and each is bounded by the timeout, so the lease
      // outlives the batch; a server killed mid-batch delays those deliveries by at most this.
      jobs.schedule(
          new DeliveryWorker(
              outbox,
              new WebhookConsumer(webhookSubscriptions, configured, clock, WEBHOOK_TIMEOUT),
              retry,
              clock,
              WEBHOOK_TIMEOUT.multipliedBy(4),
              pollEvery,
              WEBHOOK_BATCH));
    }
    return config.webhookUrl() != null;
  }

  /**
   * The signer of audit checkpoints: the key from {@code VIGIL_AUDIT_SIGNING_KEY_FILE} (the default
   * file is created here on first use) and the append-only checkpoint file.
   */
  public synchronized AuditCheckpointer auditCheckpointer() {
    if (auditCheckpointer == null) {
      auditCheckpointer =
          new AuditCheckpointer(
              auditStore,
              auditCheckpointLog(),
              auditSigningKey(),
              clock,
              config.security().auditCheckpointEvery());
    }
    return auditCheckpointer;
  }

  /**
   * The audit signing key (VIGIL_AUDIT_SIGNING_KEY_FILE), read once: it signs the checkpoints and
   * retention's pruning entries, which the verifier checks against the same key.
   */
  private synchronized AuditSigningKey auditSigningKey() {
    if (auditSigningKey == null) {
      auditSigningKey = AuditSigningKeyFile.loadOrCreate(config);
    }
    return auditSigningKey;
  }

  /** The signed checkpoints of the audit chain, kept outside the database. */
  public FileAuditCheckpointLog auditCheckpointLog() {
    return new FileAuditCheckpointLog(
        config.security().resolvedAuditCheckpointFile(config.dataDir()));
  }

  /**
   * Starts signing the audit chain's head every {@code VIGIL_AUDIT_CHECKPOINT_SECONDS}. Call in one
   * long-running process per database (several would each sign, which is harmless but noisy).
   */
  public void startAuditCheckpoints() {
    jobs.schedule(auditCheckpointer());
  }

  /** True when the database answers within 2 s (for /healthz). */
  public boolean databaseUp() {
    try (var connection = database.dataSource().getConnection()) {
      return connection.isValid(2);
    } catch (java.sql.SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    // The workers first (the last one added stops first): no decision may be in flight when the
    // jobs and the database stop.
    synchronized (this) {
      for (int i = streams.size() - 1; i >= 0; i--) {
        try {
          streams.get(i).close();
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(VigilApp.class)
              .warn("closing the Kafka pipeline: {}", e.getMessage());
        }
      }
      streams.clear();
    }
    // Jobs first: none may still be using the database when it closes.
    jobs.close();
    exchangeLoop.close();
    serviceMetrics.close();
    meters.close();
    database.close();
  }
}
