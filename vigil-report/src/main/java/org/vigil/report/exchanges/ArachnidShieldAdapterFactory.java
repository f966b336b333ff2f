package org.vigil.report.exchanges;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeAdapterFactory;
import org.vigil.core.banks.exchanges.ExchangeConfig;

/**
 * Makes {@code arachnid} adapters: Arachnid Shield as a remote lookup asked during scans. The url
 * is the API's base (e.g. {@code https://shield.projectarachnid.com}); credentials {@code user} and
 * {@code password}. The lookup's timeout bounds how long a scan waits for it.
 */
public final class ArachnidShieldAdapterFactory implements ExchangeAdapterFactory {

  public static final String TYPE = "arachnid";

  private final Duration timeout;

  /**
   * @param timeout the longest a scan waits for the service
   */
  public ArachnidShieldAdapterFactory(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(ExchangeConfig config, Optional<Set<String>> credentialFields) {
    Urls.requireHttp(config);
    AdapterCredentials.requireFields(
        credentialFields,
        Set.of("user", "password"),
        "credentials",
        "arachnid needs credentials {\"user\": ..., \"password\": ...}");
  }

  @Override
  public ExchangeAdapter create(ExchangeConfig config, Optional<Credentials> credentials) {
    return new ArachnidShieldAdapter(
        config, AdapterCredentials.required(credentials, "arachnid"), new AdapterHttp(timeout));
  }
}
