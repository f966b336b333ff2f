package org.vigil.report.exchanges;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeAdapterFactory;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.error.VigilException;

/**
 * Makes {@code threatexchange} adapters. The url is the Graph API base with its version (e.g.
 * {@code https://graph.facebook.com/v21.0}); option {@code privacyGroup} is the privacy group's id;
 * credentials {@code token} is the app's access token ({@code app-id|secret}). Option {@code
 * pageSize}: 1–1000, default 500.
 */
public final class ThreatExchangeAdapterFactory implements ExchangeAdapterFactory {

  public static final String TYPE = "threatexchange";

  private final Clock clock;
  private final Duration timeout;

  public ThreatExchangeAdapterFactory(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean acceptsFeedback() {
    return true;
  }

  @Override
  public void validate(ExchangeConfig config, Optional<Set<String>> credentialFields) {
    Urls.requireHttp(config);
    privacyGroup(config);
    pageSize(config);
    AdapterCredentials.requireFields(
        credentialFields,
        Set.of("token"),
        "credentials.token",
        "threatexchange needs credentials {\"token\": the access token}");
  }

  @Override
  public ExchangeAdapter create(ExchangeConfig config, Optional<Credentials> credentials) {
    return new ThreatExchangeAdapter(
        config,
        AdapterCredentials.required(credentials, "threatexchange"),
        new AdapterHttp(timeout),
        clock);
  }

  static String privacyGroup(ExchangeConfig config) {
    String group = config.options().get("privacyGroup");
    if (group == null || !group.matches("[0-9]{1,32}")) {
      throw VigilException.invalid(
          "options.privacyGroup", "threatexchange needs option privacyGroup: the group's id");
    }
    return group;
  }

  static int pageSize(ExchangeConfig config) {
    return Urls.intOption(config, "pageSize", 500, 1, 1000);
  }
}
