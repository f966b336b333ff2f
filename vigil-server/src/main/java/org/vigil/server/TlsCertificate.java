package org.vigil.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS certificate from two PEM files, and its reload: certificates are renewed every
 * few weeks (ACME) and a restart for each would drop in-flight scans. Jetty swaps the SSL context
 * for new connections; open connections keep the old one until they close.
 */
final class TlsCertificate {

  private static final Logger LOG = LoggerFactory.getLogger(TlsCertificate.class);

  private final Path certFile;
  private final Path keyFile;
  private final SslContextFactory.Server factory = new SslContextFactory.Server();
  private String loadedStamp;

  /** Reads both files now, so a bad certificate stops the start with one line. */
  TlsCertificate(Path certFile, Path keyFile) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.loadedStamp = stamp();
    factory.setKeyStore(PemKeyStore.load(certFile, keyFile));
    factory.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
    factory.setKeyManagerPassword(new String(PemKeyStore.PASSWORD));
  }

  ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients may reach Vigil by an address the certificate does not name (a load balancer's
    // health check by IP); the certificate check is the client's job, not a reason for a 400.
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server,
            new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  synchronized boolean reloadIfChanged() {
    String stamp = stamp();
    if (stamp.equals(loadedStamp)) {
      return false;
    }
    KeyStore store;
    try {
      store = PemKeyStore.load(certFile, keyFile);
    } catch (IllegalArgumentException e) {
      // Often the renewal is half written (certificate replaced, key not yet): try again later.
      LOG.warn("TLS certificate not reloaded, keeping the current one: {}", e.getMessage());
      return false;
    }
    try {
      factory.reload(f -> f.setKeyStore(store));
    } catch (Exception e) {
      LOG.warn("TLS certificate not reloaded, keeping the current one: {}", e.toString());
      return false;
    }
    loadedStamp = stamp;
    LOG.info("TLS certificate reloaded from {}", certFile);
    return true;
  }

  /** Modification times and sizes of both files: a renewal changes at least one. */
  private String stamp() {
    return stamp(certFile) + "/" + stamp(keyFile);
  }

  private static String stamp(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      return modified.toMillis() + ":" + Files.size(file);
    } catch (IOException e) {
      return "missing";
    }
  }
}
