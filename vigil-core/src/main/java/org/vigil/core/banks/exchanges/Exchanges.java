package org.vigil.core.banks.exchanges;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.banks.BankService;
import org.vigil.core.error.VigilException;
import org.vigil.core.evidence.SealedItem;

/**
 * The exchanges use case: configure, list, show, fetch now, delete. The HTTP API and the command
 * line only translate to it. Exchanges belong to a tenant: a caller sees and changes only its own
 * tenant's. Secrets go in sealed (or stay in the operator's file) and never come back out.
 */
public final class Exchanges {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})([smhd])");
  private static final Duration MAX_SCHEDULE = Duration.ofDays(7);
  private static final int MAX_SECRET_FIELDS = 8;
  private static final int MAX_SECRET_CHARS = 4096;
  private static final int MAX_OPTIONS = 32;

  private final ExchangeStore store;
  private final ExchangeAdapters adapters;
  private final ExchangeSecrets secrets;
  private final ExchangeSync sync;
  private final BankService banks;
  private final AuditLog audit;
  private final Clock clock;

  public Exchanges(
      ExchangeStore store,
      ExchangeAdapters adapters,
      ExchangeSecrets secrets,
      ExchangeSync sync,
      BankService banks,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.adapters = adapters;
    this.secrets = secrets;
    this.sync = sync;
    this.banks = banks;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * A request to connect an exchange.
   *
   * @param credentials the secret's fields, or {@code {"file": "/path"}} to read them from a file
   *     at every fetch; null when the exchange needs none
   * @param schedule ISO-8601 ({@code PT15M}) or short ({@code 15m}, {@code 1h}, {@code 1d})
   */
  public record NewExchange(
      String name,
      String type,
      String bank,
      String url,
      Map<String, String> credentials,
      String schedule,
      Boolean enabled,
      Map<String, String> options) {}

  /** An exchange with where its sync stands. */
  public record View(ExchangeConfig config, ExchangeState state) {}

  public View create(NewExchange request, Principal by) {
    if (request.name() == null || !NAME.matcher(request.name()).matches()) {
      throw VigilException.invalid(
          "name",
          "name must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
    }
    if (request.type() == null) {
      throw VigilException.invalid("type", "type is required; one of " + adapters.types());
    }
    ExchangeAdapterFactory factory =
        adapters
            .find(request.type())
            .orElseThrow(
                () ->
                    VigilException.invalid(
                        "type",
                        "unknown exchange type '"
                            + request.type()
                            + "'; one of "
                            + adapters.types()));
    if (request.bank() == null || request.bank().isBlank()) {
      throw VigilException.invalid("bank", "bank is required");
    }
    try {
      // The exchange fills the bank: the caller must be allowed to change it (its tenant's own
      // private bank, or a shared one for the default tenant).
      banks.writable(request.bank(), by);
    } catch (VigilException e) {
      if (e.kind() != VigilException.Kind.NOT_FOUND) {
        throw e;
      }
      throw VigilException.invalid(
          "bank", "bank '" + request.bank() + "' does not exist; create it first");
    }
    URI url = url(request.url());
    Optional<Credentials> credentials = Optional.empty();
    CredentialsRef ref = CredentialsRef.NONE;
    if (request.credentials() != null) {
      Map<String, String> fields = request.credentials();
      if (fields.containsKey("file")) {
        if (fields.size() != 1) {
          throw VigilException.invalid(
              "credentials", "give either {\"file\": \"/path\"} or the secret's fields, not both");
        }
        ref = CredentialsRef.file(credentialsFile(fields.get("file")));
      } else {
        credentials = Optional.of(checkSecret(fields));
        ref = CredentialsRef.STORED;
      }
    }
    Map<String, String> options = request.options() == null ? Map.of() : request.options();
    if (options.size() > MAX_OPTIONS) {
      throw VigilException.invalid("options", "at most " + MAX_OPTIONS + " options");
    }
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (option.getValue() == null || option.getValue().length() > 1000) {
        throw VigilException.invalid(
            "options." + option.getKey(), "an option's value is text of at most 1000 characters");
      }
    }
    Instant now = clock.instant();
    ExchangeConfig config =
        new ExchangeConfig(
            request.name(),
            by.tenant(),
            request.type(),
            request.bank(),
            url,
            ref,
            schedule(request.schedule()),
            request.enabled() == null || request.enabled(),
            options,
            now,
            now);
    factory.validate(config, credentials.map(c -> c.fields().keySet()));
    Optional<SealedItem> sealed = credentials.map(c -> secrets.seal(config.name(), c));
    if (!store.create(
        config,
        sealed,
        audit.event(
            by.actor(), "exchange.create", "exchange:" + config.name(), describe(config)))) {
      throw VigilException.conflict(
          "exchange_exists", "exchange '" + config.name() + "' already exists");
    }
    return new View(config, store.state(config.name()));
  }

  public List<View> list(Principal by) {
    List<View> views = new ArrayList<>();
    for (ExchangeConfig config : store.list(by.tenant())) {
      views.add(new View(config, store.state(config.name())));
    }
    return views;
  }

  public View get(Principal by, String name) {
    ExchangeConfig config = find(by, name);
    return new View(config, store.state(name));
  }

  /** Fetches now; a failure of the exchange is in the outcome, not thrown. */
  public FetchOutcome fetch(Principal by, String name) {
    ExchangeConfig config = find(by, name);
    FetchOutcome outcome = sync.fetch(config, by.actor());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("added", outcome.counts().added());
    details.put("updated", outcome.counts().updated());
    details.put("removed", outcome.counts().removed());
    details.put("skipped", outcome.counts().skipped());
    details.put("pages", outcome.pages());
    details.put("complete", outcome.complete());
    if (outcome.error() != null) {
      details.put("error", outcome.error());
    }
    audit.record(by.actor(), "exchange.fetch", "exchange:" + name, details);
    return outcome;
  }

  public void delete(Principal by, String name) {
    if (!store.delete(
        by.tenant(),
        name,
        audit.event(by.actor(), "exchange.delete", "exchange:" + name, Map.of()),
        clock.instant())) {
      throw VigilException.notFound("exchange", name);
    }
  }

  private ExchangeConfig find(Principal by, String name) {
    return store
        .find(by.tenant(), name)
        .orElseThrow(() -> VigilException.notFound("exchange", name));
  }

  private static URI url(String text) {
    if (text == null || text.isBlank()) {
      throw VigilException.invalid("url", "url is required");
    }
    if (text.length() > 2000) {
      throw VigilException.invalid("url", "url is longer than 2000 characters");
    }
    try {
      URI url = new URI(text);
      if (!url.isAbsolute()) {
        throw VigilException.invalid(
            "url", "url must be absolute, e.g. https://lists.example/x.csv");
      }
      return url;
    } catch (URISyntaxException e) {
      throw VigilException.invalid("url", "url is not a valid URI: " + e.getReason());
    }
  }

  private static Path credentialsFile(String file) {
    if (file == null || file.isBlank()) {
      throw VigilException.invalid("credentials.file", "credentials.file must be a path");
    }
    Path path = Path.of(file);
    if (!path.isAbsolute()) {
      throw VigilException.invalid(
          "credentials.file", "credentials.file must be an absolute path on the server");
    }
    return path;
  }

  private static Credentials checkSecret(Map<String, String> fields) {
    if (fields.isEmpty() || fields.size() > MAX_SECRET_FIELDS) {
      throw VigilException.invalid(
          "credentials", "credentials hold 1 to " + MAX_SECRET_FIELDS + " fields");
    }
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String value = field.getValue();
      if (value == null || value.isEmpty() || value.length() > MAX_SECRET_CHARS) {
        // The field is named; its value never is.
        throw VigilException.invalid(
            "credentials." + field.getKey(),
            "credentials." + field.getKey() + " must be 1 to " + MAX_SECRET_CHARS + " characters");
      }
    }
    return new Credentials(fields);
  }

  /** Parses a schedule: ISO-8601 or short form; between one minute and seven days. */
  static Duration schedule(String text) {
    if (text == null) {
      return ExchangeConfig.DEFAULT_SCHEDULE;
    }
    Duration duration;
    Matcher shortForm = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (shortForm.matches()) {
      long n = Long.parseLong(shortForm.group(1));
      duration =
          switch (shortForm.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        duration = Duration.parse(text.trim());
      } catch (DateTimeParseException e) {
        throw VigilException.invalid(
            "schedule", "schedule must be like 15m, 1h, 1d or ISO-8601 (PT15M)");
      }
    }
    if (duration.compareTo(ExchangeConfig.MIN_SCHEDULE) < 0
        || duration.compareTo(MAX_SCHEDULE) > 0) {
      throw VigilException.invalid("schedule", "schedule must be between 1 minute and 7 days");
    }
    return duration;
  }

  private static Map<String, Object> describe(ExchangeConfig config) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("type", config.type());
    details.put("bank", config.bank());
    details.put(
        "url",
        config.url().getScheme() + "://" + config.url().getAuthority() + config.url().getPath());
    details.put("credentials", config.credentials().kind().name().toLowerCase(Locale.ROOT));
    details.put("schedule", config.schedule().toString());
    details.put("enabled", config.enabled());
    return details;
  }
}
