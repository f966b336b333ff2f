package org.vigil.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for 127.0.0.1 and localhost made in the test, written as the PEM files
 * an operator would have, and an HTTP client that trusts exactly it.
 */
public record SelfSignedCertificate(X509Certificate certificate, Path certFile, Path keyFile) {

  /** Key encodings operators meet: PKCS#8 ("PRIVATE KEY") and the traditional ones. */
  public enum KeyFormat {
    PKCS8,
    TRADITIONAL
  }

  public static SelfSignedCertificate create(
      Path dir, String algorithm, KeyFormat format, long serial) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize("EC".equals(algorithm) ? 256 : 2048);
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500Name("CN=localhost");
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(serial),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(1))),
              name,
              pair.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
      String signature = "EC".equals(algorithm) ? "SHA256withECDSA" : "SHA256withRSA";
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
      Files.createDirectories(dir);
      Path certFile = dir.resolve("cert.pem");
      Path keyFile = dir.resolve("key.pem");
      Files.writeString(certFile, pem(certificate));
      if (format == KeyFormat.PKCS8) {
        Files.writeString(
            keyFile,
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(
                        64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
      } else {
        Files.writeString(keyFile, pem(pair.getPrivate()));
      }
      return new SelfSignedCertificate(certificate, certFile, keyFile);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  /** A fresh client (no pooled connection) that trusts only this certificate. */
  public HttpClient client() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("vigil", certificate);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return HttpClient.newBuilder()
          .sslContext(context)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void touch(Path file, Instant at) {
    try {
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(at));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
