package org.vigil.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * A TSIG key (RFC 8945) for signing zone transfers and NOTIFY. Read from and written as a BIND key
 * clause, so one file serves {@code vigil dns serve} and {@code include} in named.conf.
 *
 * <p>Per-view keys are derived from this one ({@link #derive}): BIND routes an incoming NOTIFY to a
 * view by the key that signs it, so each view of restricted clients needs its own key, and deriving
 * them (HMAC-SHA256 of the master secret and the key name) lets the primary verify any of them
 * without a key database.
 */
public final class TsigKey {
  private static final Pattern CLAUSE =
      Pattern.compile(
          "key\\s+\"?([A-Za-z0-9._-]+)\"?\\s*\\{\\s*algorithm\\s+\"?([A-Za-z0-9-]+)\"?\\s*;"
              + "\\s*secret\\s+\"([A-Za-z0-9+/=]+)\"\\s*;\\s*}\\s*;",
          Pattern.DOTALL);

  private final Name name;
  private final String algorithm;
  private final byte[] secret;

  public TsigKey(Name name, String algorithm, byte[] secret) {
    this.name = Objects.requireNonNull(name, "name");
    this.algorithm = algorithm.toLowerCase(Locale.ROOT);
    if (TSIG.algorithmToName(this.algorithm) == null) {
      throw new IllegalArgumentException("unsupported TSIG algorithm " + algorithm);
    }
    if (secret.length < 16) {
      throw new IllegalArgumentException(
          "TSIG secret of key " + name + " is shorter than 16 bytes");
    }
    this.secret = secret.clone();
  }

  /** A fresh hmac-sha256 key with a 32-byte random secret. */
  public static TsigKey generate(String name) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new TsigKey(RpzSettings.name(RpzSettings.absolute(name)), "hmac-sha256", secret);
  }

  /**
   * Parses the first {@code key "name" { algorithm ...; secret "...": };} clause of a BIND key file
   * (the output of {@code tsig-keygen} or {@code vigil dns keygen}).
   */
  public static TsigKey parseBindClause(String text) {
    Matcher m = CLAUSE.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "no key clause found; expected: key \"name\" { algorithm hmac-sha256; secret \"...\"; };");
    }
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(m.group(3));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TSIG secret is not base64", e);
    }
    return new TsigKey(RpzSettings.name(RpzSettings.absolute(m.group(1))), m.group(2), secret);
  }

  /** Reads a BIND key file. */
  public static TsigKey read(Path file) {
    try {
      return parseBindClause(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TSIG key file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The key {@code <label>.<this key's name>}, with a secret derived from this key's secret. */
  public TsigKey derive(String label) {
    Name derivedName = CategoryZones.concat(RpzSettings.name(label), name);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] derived =
          mac.doFinal(
              ("vigil-view-key:" + derivedName.toString(true)).getBytes(StandardCharsets.UTF_8));
      return new TsigKey(derivedName, "hmac-sha256", derived);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public Name name() {
    return name;
  }

  public String algorithm() {
    return algorithm;
  }

  /** A dnsjava signer/verifier for this key. */
  public TSIG toTsig() {
    return new TSIG(TSIG.algorithmToName(algorithm), name, secret.clone());
  }

  /** The key as a BIND {@code key} clause, e.g. for named.conf. */
  public String bindClause() {
    return "key \""
        + name.toString(true)
        + "\" {\n\talgorithm "
        + algorithm
        + ";\n\tsecret \""
        + secretBase64()
        + "\";\n};\n";
  }

  /** The secret, base64 encoded, for resolver configuration that takes it inline. */
  public String secretBase64() {
    return Base64.getEncoder().encodeToString(secret);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TsigKey other
        && name.equals(other.name)
        && algorithm.equals(other.algorithm)
        && Arrays.equals(secret, other.secret);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "TsigKey[" + name + ", " + algorithm + "]";
  }
}
