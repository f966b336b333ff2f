package org.vigil.app;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.auth.ApiKeys;
import org.vigil.core.auth.Principal;

/**
 * The DSA Transparency Database's bearer tokens, one per tenant: the database gives every platform
 * its own account and token, and a statement is filed under the token of the platform (tenant) that
 * made it. The default tenant's may come from {@code VIGIL_DSA_TDB_TOKEN}; every tenant's (the
 * default's too, if not given there) from the file {@code VIGIL_DSA_TDB_TOKENS_FILE}, one {@code
 * tenant=token} a line, blank lines and lines starting with {@code #} ignored.
 *
 * <p>Read and validated once at start. An error names the key, the file's line and the tenant,
 * never a token (a line that is not {@code tenant=token} may be a bare token, so it is not quoted
 * either); {@link #toString()} names only the tenants.
 */
public final class TransparencyDatabaseTokens {

  /** The environment variable naming the tokens file. */
  public static final String FILE_KEY = "VIGIL_DSA_TDB_TOKENS_FILE";

  /** The environment variable holding the default tenant's token. */
  public static final String TOKEN_KEY = "VIGIL_DSA_TDB_TOKEN";

  /** No token for anyone. */
  public static final TransparencyDatabaseTokens NONE = new TransparencyDatabaseTokens(Map.of());

  private static final int MAX_TOKEN = 4096;

  private final Map<String, String> byTenant;

  private TransparencyDatabaseTokens(Map<String, String> byTenant) {
    this.byTenant = Collections.unmodifiableMap(new LinkedHashMap<>(byTenant));
  }

  /**
   * Tokens given in code (tests, embedding).
   *
   * @throws IllegalArgumentException on a bad tenant name or an empty token
   */
  public static TransparencyDatabaseTokens of(Map<String, String> byTenant) {
    Map<String, String> checked = new LinkedHashMap<>();
    byTenant.forEach(
        (tenant, token) -> {
          checkTenant(tenant, "tenant '" + tenant + "'");
          checked.put(tenant, checkToken(token, "the token of tenant '" + tenant + "'"));
        });
    return new TransparencyDatabaseTokens(checked);
  }

  /** The default tenant's token alone. */
  public static TransparencyDatabaseTokens ofDefault(String token) {
    return of(Map.of(Principal.DEFAULT_TENANT, token));
  }

  /**
   * The tokens {@code VIGIL_DSA_TDB_TOKEN} ({@code defaultToken}, may be null) and the file {@code
   * VIGIL_DSA_TDB_TOKENS_FILE} ({@code file}, may be null) give.
   *
   * @throws IllegalArgumentException naming the key (and line) of anything wrong
   */
  public static TransparencyDatabaseTokens load(String defaultToken, Path file) {
    Map<String, String> tokens = new LinkedHashMap<>();
    if (defaultToken != null) {
      tokens.put(Principal.DEFAULT_TENANT, checkToken(defaultToken, TOKEN_KEY));
    }
    if (file == null) {
      return new TransparencyDatabaseTokens(tokens);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(FILE_KEY + ": " + file + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          FILE_KEY + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = FILE_KEY + " " + file + " line " + (i + 1);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(where + " is not tenant=token");
      }
      String tenant = line.substring(0, eq).strip();
      checkTenant(tenant, where);
      String token = checkToken(line.substring(eq + 1).strip(), where);
      if (tokens.containsKey(tenant)) {
        throw new IllegalArgumentException(
            where
                + ": tenant '"
                + tenant
                + "' has a token already"
                + (Principal.DEFAULT_TENANT.equals(tenant) && defaultToken != null
                    ? " (from " + TOKEN_KEY + ")"
                    : " (an earlier line)"));
      }
      tokens.put(tenant, token);
    }
    return new TransparencyDatabaseTokens(tokens);
  }

  /** The tenants with a token, in the order given. */
  public Set<String> tenants() {
    return byTenant.keySet();
  }

  /** The tenant's token, if it has one. */
  public Optional<String> token(String tenant) {
    return Optional.ofNullable(byTenant.get(tenant));
  }

  public boolean isEmpty() {
    return byTenant.isEmpty();
  }

  private static void checkTenant(String tenant, String where) {
    if (tenant == null || !ApiKeys.TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(where + ": " + ApiKeys.TENANT_RULE);
    }
  }

  /** The token, if usable in an Authorization header; the message never quotes it. */
  private static String checkToken(String token, String where) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(where + ": the token is empty");
    }
    if (token.length() > MAX_TOKEN) {
      throw new IllegalArgumentException(
          where + ": the token is longer than " + MAX_TOKEN + " characters");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            where + ": the token has a space, control or non-ASCII character at position " + i);
      }
    }
    return token;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TransparencyDatabaseTokens t && t.byTenant.equals(byTenant);
  }

  @Override
  public int hashCode() {
    return byTenant.hashCode();
  }

  @Override
  public String toString() {
    // Never the tokens.
    return "TransparencyDatabaseTokens[tenants=" + byTenant.keySet() + "]";
  }
}
