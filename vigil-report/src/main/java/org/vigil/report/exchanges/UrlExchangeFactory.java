package org.vigil.report.exchanges;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeAdapterFactory;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.error.VigilException;

/**
 * The {@code url} exchange: a partner's hash list as one CSV or NDJSON file over HTTP(S).
 *
 * <p>Options: {@code format} ({@code csv} or {@code ndjson}; by default from the file name or the
 * answer's Content-Type), {@code mode} ({@code full}: the file is the whole list, so hashes it no
 * longer names are withdrawn; {@code incremental}: the file only adds and, through the tombstone
 * column, removes), {@code tombstone} (the column or field that marks a row as withdrawn, default
 * {@code deleted}). Credentials are optional: {@code {"token"}} is sent as a Bearer token, {@code
 * {"user","password"}} as Basic.
 */
public final class UrlExchangeFactory implements ExchangeAdapterFactory {

  static final Set<String> OPTIONS = Set.of("format", "mode", "tombstone", "maxRows");

  private final ExchangeHttp http;

  public UrlExchangeFactory(ExchangeHttp http) {
    this.http = http;
  }

  @Override
  public String type() {
    return "url";
  }

  @Override
  public void validate(ExchangeConfig config, Optional<Set<String>> credentialFields) {
    ExchangeHttp.checkUrl(config.url(), true);
    for (Map.Entry<String, String> option : config.options().entrySet()) {
      if (!OPTIONS.contains(option.getKey())) {
        throw VigilException.invalid(
            "options." + option.getKey(),
            "unknown option '"
                + option.getKey()
                + "' for a url exchange; expected one of "
                + new java.util.TreeSet<>(OPTIONS));
      }
    }
    String format = config.option("format", "auto");
    if (!Set.of("auto", "csv", "ndjson").contains(format)) {
      throw VigilException.invalid("options.format", "format must be csv or ndjson");
    }
    String mode = config.option("mode", "full");
    if (!Set.of("full", "incremental").contains(mode)) {
      throw VigilException.invalid("options.mode", "mode must be full or incremental");
    }
    String tombstone = config.option("tombstone", "deleted");
    if (!tombstone.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw VigilException.invalid("options.tombstone", "tombstone must be a column name");
    }
    maxRows(config);
    credentialFields.ifPresent(
        fields -> {
          boolean token = fields.equals(Set.of("token"));
          boolean basic = fields.equals(Set.of("user", "password"));
          if (!token && !basic) {
            throw VigilException.invalid(
                "credentials",
                "a url exchange takes {\"token\"} (Bearer) or {\"user\",\"password\"} (Basic)");
          }
        });
  }

  static int maxRows(ExchangeConfig config) {
    String value = config.option("maxRows", Integer.toString(UrlExchange.DEFAULT_MAX_ROWS));
    try {
      int rows = Integer.parseInt(value);
      if (rows < 1 || rows > 50_000_000) {
        throw new NumberFormatException();
      }
      return rows;
    } catch (NumberFormatException e) {
      throw VigilException.invalid("options.maxRows", "maxRows must be 1 to 50000000");
    }
  }

  @Override
  public ExchangeAdapter create(ExchangeConfig config, Optional<Credentials> credentials) {
    return new UrlExchange(config, credentials, http);
  }
}
