package org.vigil.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * An in-memory key store built from the PEM files operators already have (from certbot, an internal
 * CA or openssl): a certificate chain (leaf first) and its unencrypted private key in any of the
 * usual encodings (PKCS#8 {@code BEGIN PRIVATE KEY}, PKCS#1 {@code BEGIN RSA PRIVATE KEY}, {@code
 * BEGIN EC PRIVATE KEY}). BouncyCastle reads the PEM; the JDK does the rest.
 */
public final class PemKeyStore {

  /** The in-memory store's password; it never leaves the process. */
  static final char[] PASSWORD = "vigil".toCharArray();

  private PemKeyStore() {}

  /**
   * Reads both files into a key store with one entry, {@code vigil}.
   *
   * @throws IllegalArgumentException with one line naming the file and the problem
   */
  public static KeyStore load(Path certFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      throw new IllegalArgumentException(
          "--tls-key "
              + keyFile
              + " is a "
              + key.getAlgorithm()
              + " key but the certificate in "
              + certFile
              + " holds a "
              + chain.get(0).getPublicKey().getAlgorithm()
              + " key");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("vigil", key, PASSWORD, chain.toArray(new Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "--tls-cert "
              + certFile
              + " and --tls-key "
              + keyFile
              + " do not form a key pair: "
              + e.getMessage(),
          e);
    }
  }

  private static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(reader)) {
      for (Object item = pem.readObject(); item != null; item = pem.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (NoSuchFileException | AccessDeniedException e) {
      throw new IllegalArgumentException("--tls-cert " + file + ": " + unreadable(e), e);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "--tls-cert " + file + " is not a PEM certificate file: " + oneLine(e), e);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "--tls-cert " + file + " holds no certificate (expected -----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(reader)) {
      for (Object item = pem.readObject(); item != null; item = pem.readObject()) {
        if (item instanceof PEMKeyPair pair) {
          // The private part alone: an "EC PRIVATE KEY" may carry no public key.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (!(item instanceof X509CertificateHolder)
            && item.getClass().getSimpleName().contains("Encrypted")) {
          throw new IllegalArgumentException(
              "--tls-key "
                  + file
                  + " is encrypted; give an unencrypted key readable only by Vigil");
        }
      }
    } catch (NoSuchFileException | AccessDeniedException e) {
      throw new IllegalArgumentException("--tls-key " + file + ": " + unreadable(e), e);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "--tls-key " + file + " is not a PEM private key file: " + oneLine(e), e);
    }
    throw new IllegalArgumentException(
        "--tls-key " + file + " holds no private key (expected -----BEGIN PRIVATE KEY-----)");
  }

  private static String unreadable(IOException e) {
    return e instanceof NoSuchFileException ? "no such file" : "permission denied";
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
