package org.vigil.core.banks;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.error.VigilException;

/**
 * Creates, changes and fills banks. Every change goes to the store first, then to the in-memory
 * matcher, then to the audit log: a crash between steps leaves the store authoritative, and the
 * matcher is rebuilt from it at start-up.
 *
 * <p>Tenancy: a bank is shared by every tenant ({@link Bank#tenant()} null) or private to one. A
 * key sees the shared banks and its own tenant's private ones; another tenant's private bank is
 * "not found", exactly like a bank that does not exist. Shared banks are the operator's: only keys
 * of the {@link Principal#DEFAULT_TENANT default tenant} (the operator's own, where the bootstrap
 * admin key lives) create, change or fill them; another tenant's admin creates private banks only.
 */
public final class BankService {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final int IMPORT_BATCH = 5000;
  private static final long IMPORT_BATCH_CHARS = 16L << 20;
  // A TMK signal's base64 is 351,128 characters; a vPDQ of a long video a few hundred KB.
  private static final int MAX_LINE_CHARS = 1 << 20;

  private final BankStore store;
  private final BankIndex matcher;
  private final AuditLog audit;
  private final Clock clock;
  private final BankSync sync;
  private volatile BankChangeListener listener = (bank, seq) -> {};
  private volatile NameRule keptNames = (name, owner) -> null;

  /** Names kept for one owner's use (the ncii banks, docs/review.md). */
  @FunctionalInterface
  public interface NameRule {
    /**
     * Why {@code name} may not be created owned by {@code owner} (a tenant, null for a shared
     * bank), or null when it may.
     */
    String refuse(String name, String owner);
  }

  public BankService(BankStore store, BankIndex matcher, AuditLog audit, Clock clock) {
    this.store = store;
    this.matcher = matcher;
    this.audit = audit;
    this.clock = clock;
    this.sync = new BankSync(store, matcher);
  }

  /**
   * Loads every bank from the store into the matcher; called once at start-up. Changes recorded
   * while loading are applied again by the next {@link #syncFromStore()}, which is harmless.
   */
  public void loadAll() {
    long seq = store.lastChangeSeq();
    for (Bank bank : store.list()) {
      matcher.replaceBank(bank, sink -> store.forEachSignal(bank.name(), sink));
    }
    sync.startFrom(seq);
  }

  /**
   * After the matcher was filled from an index snapshot that reflects every change up to {@code
   * seq}: applies the change log after it (the catch-up) and returns how many changes that was.
   */
  public int catchUpFrom(long seq) {
    sync.startFrom(seq);
    return sync.poll();
  }

  /**
   * What the change log holds at {@code seq}, as text ({@code seq:bank:kind:signalId}); empty for 0
   * or a position the log does not have. An index snapshot records it and is only restored when the
   * database still says the same: one taken on another database, or before a backup was restored,
   * is not used.
   */
  public String changeFingerprint(long seq) {
    if (seq <= 0) {
      return "";
    }
    List<BankChange> changes = store.changesAfter(seq - 1, 1);
    if (changes.isEmpty() || changes.get(0).seq() != seq) {
      return "";
    }
    BankChange change = changes.get(0);
    return seq + ":" + change.bank() + ":" + change.kind() + ":" + change.signalId();
  }

  /** The newest position of the change log in the store (0 when empty). */
  public long lastChangeSeq() {
    return store.lastChangeSeq();
  }

  /** Applies changes other servers made to the shared store; returns how many. */
  public int syncFromStore() {
    return sync.poll();
  }

  /**
   * Applies to this server's matcher bank changes already written to the store and its change log
   * in the caller's transaction (a fetched exchange page): the same path other servers take when
   * they read the log, so a fetched hash reaches scans exactly as a hand-added one does.
   */
  public void applyStoredChanges(List<BankChange> changes) {
    for (BankChange change : changes) {
      sync.applyMadeHere(change);
      listener.changed(change.bank(), change.seq());
    }
  }

  /**
   * Tells {@code listener} of every change this service records, once it is committed (the Kafka
   * bus publishes it so workers apply it at once instead of on their next poll).
   */
  public void onChange(BankChangeListener newListener) {
    this.listener = newListener;
  }

  /**
   * Keeps names for their owners: {@link #create} refuses (409 {@code bank_name_kept}) a name the
   * rule refuses for the bank's owner.
   */
  public void keepNames(NameRule rule) {
    this.keptNames = rule;
  }

  /** The newest change this server's indexes reflect. */
  public long appliedChangeSeq() {
    return sync.applied();
  }

  private void changed(String bank, BankChange.Kind kind, Long signalId, SignalType type) {
    long seq = store.recordChange(bank, kind, signalId, type, clock.instant());
    sync.markAppliedLocally(seq);
    listener.changed(bank, seq);
  }

  /**
   * Creates a bank shared by every tenant when {@code by} is of the default tenant, else private.
   */
  public Bank create(String name, BankSettings settings, Principal by) {
    return create(name, settings, null, by);
  }

  /**
   * Creates a bank.
   *
   * @param shared whether every tenant sees it (null: shared for the default tenant's keys, private
   *     for the others); only the default tenant's keys may make a shared bank
   */
  public Bank create(String name, BankSettings settings, Boolean shared, Principal by) {
    validateName(name);
    boolean operator = Principal.DEFAULT_TENANT.equals(by.tenant());
    if (Boolean.TRUE.equals(shared) && !operator) {
      throw VigilException.forbidden(
          "only keys of the default tenant create shared banks; leave out \"shared\" (or set it"
              + " to false) for a bank private to tenant '"
              + by.tenant()
              + "'");
    }
    String owner = operator && (shared == null || shared) ? null : by.tenant();
    String kept = keptNames.refuse(name, owner);
    if (kept != null) {
      throw VigilException.conflict("bank_name_kept", kept);
    }
    Instant now = clock.instant();
    Bank bank =
        new Bank(
            name,
            settings.description() == null ? "" : description(settings.description()),
            settings.pdqThreshold() == null
                ? Bank.DEFAULT_PDQ_THRESHOLD
                : threshold(settings.pdqThreshold()),
            settings.action() == null ? BankAction.REVIEW : action(settings.action()),
            settings.enabled() == null || settings.enabled(),
            now,
            now,
            video(VideoThresholds.DEFAULT, settings),
            owner);
    if (!store.insert(bank)) {
      throw VigilException.conflict("bank_exists", "bank '" + name + "' already exists");
    }
    matcher.putBank(bank);
    changed(name, BankChange.Kind.BANK_PUT, null, null);
    audit.record(by.actor(), "bank.create", "bank:" + name, describe(bank));
    return bank;
  }

  public Bank update(String name, BankSettings settings, Principal by) {
    Bank old = writable(name, by);
    Bank bank =
        new Bank(
            name,
            settings.description() == null
                ? old.description()
                : description(settings.description()),
            settings.pdqThreshold() == null
                ? old.pdqThreshold()
                : threshold(settings.pdqThreshold()),
            settings.action() == null ? old.action() : action(settings.action()),
            settings.enabled() == null ? old.enabled() : settings.enabled(),
            old.createdAt(),
            clock.instant(),
            video(old.video(), settings),
            old.tenant());
    if (!store.update(bank)) {
      throw VigilException.notFound("bank", name);
    }
    matcher.putBank(bank);
    changed(name, BankChange.Kind.BANK_PUT, null, null);
    audit.record(by.actor(), "bank.update", "bank:" + name, describe(bank));
    return bank;
  }

  /**
   * The bank, whoever owns it: for the server's own jobs (exchange syncs, metrics), not callers.
   */
  public Bank get(String name) {
    return store.find(name).orElseThrow(() -> VigilException.notFound("bank", name));
  }

  /** The bank if {@code by} sees it (shared, or its tenant's), else "not found". */
  public Bank get(String name, Principal by) {
    return store
        .find(name)
        .filter(bank -> bank.visibleTo(by.tenant()))
        .orElseThrow(() -> VigilException.notFound("bank", name));
  }

  /**
   * The bank if {@code by} may change it: its own tenant's private bank, or a shared bank for the
   * default tenant's keys (403 for the others, who see it but do not own it).
   */
  public Bank writable(String name, Principal by) {
    Bank bank = get(name, by);
    if (bank.tenant() == null && !Principal.DEFAULT_TENANT.equals(by.tenant())) {
      throw VigilException.forbidden(
          "bank '"
              + name
              + "' is shared by every tenant: only keys of the default tenant change it");
    }
    return bank;
  }

  /** Every bank, whoever owns it: for the server's own jobs, not callers. */
  public List<Bank> list() {
    return store.list();
  }

  /** The banks {@code by} sees: the shared ones and its tenant's private ones. */
  public List<Bank> list(Principal by) {
    return store.list().stream().filter(bank -> bank.visibleTo(by.tenant())).toList();
  }

  public long countSignals(String bank) {
    return store.countSignals(bank);
  }

  public void delete(String name, Principal by) {
    writable(name, by);
    if (!store.delete(name)) {
      throw VigilException.notFound("bank", name);
    }
    matcher.removeBank(name);
    changed(name, BankChange.Kind.BANK_DELETE, null, null);
    audit.record(by.actor(), "bank.delete", "bank:" + name, Map.of());
  }

  public Signal addSignal(
      String bank,
      String type,
      String value,
      String externalId,
      String source,
      String category,
      Principal by) {
    writable(bank, by);
    SignalType signalType;
    try {
      signalType = SignalType.fromWire(type);
    } catch (IllegalArgumentException e) {
      throw VigilException.invalid("type", e.getMessage());
    }
    String canonical;
    try {
      canonical = signalType.normalise(value);
    } catch (IllegalArgumentException e) {
      throw VigilException.invalid("value", e.getMessage());
    }
    Signal signal =
        store.addSignal(
            bank,
            new NewSignal(
                signalType,
                canonical,
                NewSignal.checkText("externalId", externalId),
                NewSignal.checkText("source", source),
                NewSignal.checkText("category", category)),
            clock.instant());
    matcher.addSignal(signal);
    changed(bank, BankChange.Kind.SIGNAL_ADD, signal.id(), signal.type());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("signalId", signal.id());
    details.put("type", signalType.wireName());
    details.put("value", canonical);
    audit.record(by.actor(), "bank.signal.add", "bank:" + bank, details);
    return signal;
  }

  /** The stored signal, if the bank has it: for the server's own jobs, not callers. */
  public java.util.Optional<Signal> findSignal(String bank, long id) {
    return store.findSignal(bank, id);
  }

  /** A signal of a bank {@code by} sees. */
  public Signal getSignal(String bank, long id, Principal by) {
    get(bank, by);
    return store
        .findSignal(bank, id)
        .orElseThrow(() -> VigilException.notFound("signal", bank + "/" + id));
  }

  public List<Signal> listSignals(String bank, long afterId, int limit, Principal by) {
    get(bank, by);
    return store.listSignals(bank, afterId, limit);
  }

  public void removeSignal(String bank, long id, Principal by) {
    writable(bank, by);
    Signal signal =
        store
            .findSignal(bank, id)
            .orElseThrow(() -> VigilException.notFound("signal", bank + "/" + id));
    if (!store.removeSignal(bank, id)) {
      throw VigilException.notFound("signal", bank + "/" + id);
    }
    matcher.removeSignal(signal);
    changed(bank, BankChange.Kind.SIGNAL_REMOVE, id, signal.type());
    audit.record(
        by.actor(),
        "bank.signal.remove",
        "bank:" + bank,
        Map.of("signalId", id, "type", signal.type().wireName(), "value", signal.value()));
  }

  /**
   * Streams a CSV or NDJSON import into the bank. Valid rows are stored in batches as they come, so
   * memory stays flat however long the input; invalid rows are reported by line number and never
   * stop the rows after them.
   */
  public ImportReport importSignals(
      String bank, InputStream input, boolean ndjson, String source, Principal by) {
    Bank target = writable(bank, by);
    NewSignal.checkText("source", source);
    SignalRowParser parser =
        new SignalRowParser(
            ndjson ? SignalRowParser.Format.NDJSON : SignalRowParser.Format.CSV,
            source == null || source.isBlank() ? "import" : source);
    List<NewSignal> batch = new ArrayList<>(IMPORT_BATCH);
    List<ImportReport.RowError> errors = new ArrayList<>();
    long lines = 0;
    long valid = 0;
    long added = 0;
    long rejected = 0;
    long batchChars = 0;
    int batches = 0;
    BoundedLineReader reader =
        new BoundedLineReader(new InputStreamReader(input, StandardCharsets.UTF_8), MAX_LINE_CHARS);
    try {
      BoundedLineReader.Line line;
      while ((line = reader.next()) != null) {
        lines++;
        if (line.tooLong()) {
          rejected++;
          addError(errors, lines, null, "line longer than " + MAX_LINE_CHARS + " characters");
          continue;
        }
        String text = line.text();
        if (text.isBlank() || (lines == 1 && parser.isHeader(text))) {
          continue;
        }
        try {
          NewSignal signal = parser.parse(text);
          batch.add(signal);
          batchChars += signal.value().length();
          valid++;
        } catch (SignalRowParser.RowException e) {
          rejected++;
          addError(errors, lines, e.field(), e.getMessage());
        }
        // Video signals are long (a TMK is 351 KB): flush by size too, keeping memory flat.
        if (batch.size() == IMPORT_BATCH || batchChars > IMPORT_BATCH_CHARS) {
          added += storeBatch(bank, batch, ++batches, lines, by);
          batch.clear();
          batchChars = 0;
        }
      }
    } catch (IOException e) {
      // The client went away or the body broke off: its fault, and the rows so far stay.
      throw new VigilException(
          VigilException.Kind.MALFORMED,
          "incomplete_body",
          "the import stream ended abnormally after line " + lines + ": " + e.getMessage(),
          null);
    } finally {
      // Whatever was read before a failure is valid and stays: flush it and index it.
      if (!batch.isEmpty()) {
        added += storeBatch(bank, batch, ++batches, lines, by);
      }
      matcher.replaceBank(target, sink -> store.forEachSignal(bank, sink));
      changed(bank, BankChange.Kind.BANK_RELOAD, null, null);
    }
    ImportReport report = new ImportReport(lines, added, valid - added, rejected, errors);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("lines", report.lines());
    details.put("added", report.added());
    details.put("duplicates", report.duplicates());
    details.put("rejected", report.rejected());
    details.put("format", ndjson ? "ndjson" : "csv");
    details.put("batches", batches);
    audit.record(by.actor(), "bank.import", "bank:" + bank, details);
    return report;
  }

  /**
   * Stores one batch with its own {@code bank.import.batch} audit entry in the same transaction
   * (security review, issue 15 #4): an import that stops part-way, by a disconnect, a 413 or a
   * crash, leaves exactly the rows its entries account for.
   */
  private int storeBatch(
      String bank, List<NewSignal> batch, int number, long throughLine, Principal by) {
    return store.addSignals(
        bank,
        batch,
        clock.instant(),
        added -> {
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("batch", number);
          details.put("rows", batch.size());
          details.put("added", added);
          details.put("duplicates", batch.size() - added);
          details.put("throughLine", throughLine);
          return audit.event(by.actor(), "bank.import.batch", "bank:" + bank, details);
        });
  }

  private static void addError(
      List<ImportReport.RowError> errors, long line, String field, String message) {
    if (errors.size() < ImportReport.MAX_LISTED_ERRORS) {
      errors.add(new ImportReport.RowError(line, field, message));
    }
  }

  private static void validateName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw VigilException.invalid(
          "name",
          "bank name must be 1–64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
    }
  }

  private static String description(String description) {
    if (description.length() > 1000) {
      throw VigilException.invalid("description", "description is longer than 1000 characters");
    }
    return description;
  }

  private static int threshold(int value) {
    if (value < 0 || value > 256) {
      throw VigilException.invalid("pdqThreshold", "pdqThreshold must be between 0 and 256");
    }
    return value;
  }

  /** {@code base} with whatever video thresholds {@code settings} gives, each checked by name. */
  private static VideoThresholds video(VideoThresholds base, BankSettings settings) {
    return new VideoThresholds(
        settings.vpdqFrameDistance() == null
            ? base.vpdqFrameDistance()
            : (int) range("vpdqFrameDistance", settings.vpdqFrameDistance(), 0, 256),
        settings.vpdqQueryPercent() == null
            ? base.vpdqQueryPercent()
            : range("vpdqQueryPercent", settings.vpdqQueryPercent(), 0, 100),
        settings.vpdqTargetPercent() == null
            ? base.vpdqTargetPercent()
            : range("vpdqTargetPercent", settings.vpdqTargetPercent(), 0, 100),
        settings.tmkLevel1Threshold() == null
            ? base.tmkLevel1()
            : range("tmkLevel1Threshold", settings.tmkLevel1Threshold(), 0, 1),
        settings.tmkLevel2Threshold() == null
            ? base.tmkLevel2()
            : range("tmkLevel2Threshold", settings.tmkLevel2Threshold(), 0, 1));
  }

  private static double range(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw VigilException.invalid(
          field,
          field
              + " must be between "
              + plain(min)
              + " and "
              + plain(max)
              + ", got "
              + plain(value));
    }
    return value;
  }

  private static String plain(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value)
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static BankAction action(String value) {
    try {
      return BankAction.fromWire(value);
    } catch (IllegalArgumentException e) {
      throw VigilException.invalid("action", "action must be block, review or label");
    }
  }

  private static Map<String, Object> describe(Bank bank) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tenant", bank.tenant());
    details.put("description", bank.description());
    details.put("pdqThreshold", bank.pdqThreshold());
    details.put("action", bank.action().wireName());
    details.put("enabled", bank.enabled());
    details.put("vpdqFrameDistance", bank.video().vpdqFrameDistance());
    details.put("vpdqQueryPercent", bank.video().vpdqQueryPercent());
    details.put("vpdqTargetPercent", bank.video().vpdqTargetPercent());
    details.put("tmkLevel1Threshold", bank.video().tmkLevel1());
    details.put("tmkLevel2Threshold", bank.video().tmkLevel2());
    return details;
  }
}
