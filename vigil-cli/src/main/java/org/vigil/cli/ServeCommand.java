package org.vigil.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vigil.app.Bootstrap;
import org.vigil.app.ServerWiring;
import org.vigil.app.ServiceSettings;
import org.vigil.app.StreamSettings;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.server.VigilServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil serve}: runs the HTTP API until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run the Vigil server (embedded PostgreSQL store by default, with a synthetic demo bank).")
public final class ServeCommand implements Callable<Integer> {

  @Mixin StateOptions state = new StateOptions();

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port; 0 picks a free one. Env VIGIL_PORT; default 8080.")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description =
          "Address to listen on; 0.0.0.0 or :: for every interface. Env VIGIL_HOST; default"
              + " 127.0.0.1 (this machine only).")
  String bind;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain (leaf first); serve HTTPS only. Env VIGIL_TLS_CERT.")
  java.nio.file.Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM private key of --tls-cert, unencrypted. Env VIGIL_TLS_KEY.")
  java.nio.file.Path tlsKey;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      description =
          "Log lines as text or json (one object per line). Env VIGIL_LOG_FORMAT; default text.")
  ServiceSettings.LogFormat logFormat;

  @Option(
      names = "--no-demo",
      description = "Do not load the synthetic demo bank on first start. Env VIGIL_DEMO=false.")
  boolean noDemo;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description =
          "Kafka bootstrap servers (host:port[,host:port]): scans go through the vigil.scan.*"
              + " topics (docs/kafka.md). Env VIGIL_KAFKA; default none (all in-process).")
  String kafka;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description =
          "With --kafka: api (HTTP only), worker (decides queued scans, no HTTP) or all. Env"
              + " VIGIL_ROLE; default all.")
  String role;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "With --kafka: a Java properties file of Kafka client settings (security.protocol,"
              + " sasl.mechanism, sasl.jaas.config, ssl.truststore.location...) added to every"
              + " producer, consumer and admin client. Env VIGIL_KAFKA_CONFIG; default none.")
  java.nio.file.Path kafkaConfig;

  @Override
  public Integer call() throws Exception {
    VigilConfig config = state.config(System.getenv());
    StreamSettings stream =
        StreamSettings.fromEnvironment(System.getenv()).withOptions(kafka, role, kafkaConfig);
    if (port != null) {
      config = OptionErrors.naming("--port", "VIGIL_PORT", config::withPort, port);
    }
    if (noDemo) {
      config = config.withDemo(false);
    }
    if (bind != null) {
      config = OptionErrors.naming("--bind", "VIGIL_HOST", config::withHost, bind);
    }
    ServiceSettings service = ServiceSettings.fromEnvironment(System.getenv());
    if (tlsCert != null || tlsKey != null) {
      service =
          service.withTls(
              tlsCert != null ? tlsCert : service.tlsCert(),
              tlsKey != null ? tlsKey : service.tlsKey());
    }
    // Everything a user can get wrong is checked before anything is created: no data directory,
    // admin key or demo bank for a start that cannot listen.
    if (service.tls()) {
      org.vigil.server.PemKeyStore.load(service.tlsCert(), service.tlsKey());
    }
    if (stream.role().serves()) {
      PortCheck.requireFree(config.host(), config.port());
    }
    if (stream.enabled()) {
      // A missing or refused client properties file stops the start before anything is created.
      stream.clients();
    }
    java.nio.file.Files.createDirectories(config.dataDir());
    VigilApp app = VigilApp.open(config, java.time.Clock.systemUTC());
    try {
      app.requireVaultKeys();
    } catch (org.vigil.app.StartupException e) {
      app.close();
      throw e;
    }
    // A worker shows nothing to a user: the API node makes (and shows) the admin key.
    Optional<String> adminKey =
        stream.role().serves() ? Bootstrap.ensureAdminKey(app) : Optional.empty();
    if (config.demo() && Bootstrap.ensureDemoBank(app)) {
      System.out.println(
          "demo bank: loaded synthetic hashes into bank '" + Bootstrap.DEMO_BANK + "'");
    }
    app.loadBanks(stream)
        .ifPresent(
            restored ->
                System.out.println(
                    "index: restored "
                        + restored.signals()
                        + " signals from "
                        + restored.file()
                        + " (bank change "
                        + restored.changeSeq()
                        + ") and "
                        + restored.caughtUp()
                        + " later changes in "
                        + restored.took().toMillis()
                        + " ms"));
    app.startBankSync();
    if (stream.role() == StreamSettings.Role.WORKER) {
      return work(app, stream);
    }
    app.startExchangeSync();
    app.startExchangeLoop();
    app.startCourtOrderSync();
    app.startEvidenceRetention();
    app.startCyberTiplineFiling();
    app.startReviewJobs();
    app.startAuditCheckpoints();
    System.out.println(
        "audit: the chain head is signed into "
            + app.auditCheckpointLog().file()
            + " every "
            + config.security().auditCheckpointEvery().toSeconds()
            + " s; copy it elsewhere and check with vigil audit verify --checkpoints FILE");
    app.startRecordRetention();
    if (app.startWebhookDelivery()) {
      System.out.println(
          "webhooks: review actions are POSTed to host "
              + java.net.URI.create(config.webhookUrl()).getHost()
              + ", signed with the secret in "
              + config.resolvedWebhookSecretFile());
    }
    if (adminKey.isPresent()) {
      System.out.println("admin key: " + adminKey.get());
      System.out.println(
          "  (shown once; also written to "
              + config.dataDir().resolve(Bootstrap.ADMIN_KEY_FILE)
              + ", readable only by you)");
    } else if (java.nio.file.Files.exists(config.dataDir().resolve(Bootstrap.ADMIN_KEY_FILE))) {
      System.out.println(
          "admin key: unchanged; see " + config.dataDir().resolve(Bootstrap.ADMIN_KEY_FILE));
    } else {
      // A node joining a shared database: the admin key was made (and shown) by another node.
      System.out.println(
          "admin key: the database already has one (made by the node that created it); "
              + "vigil keys create --role admin makes another");
    }
    app.startKafka(stream);
    if (stream.enabled()) {
      System.out.println(
          "kafka: "
              + stream.clients()
              + ", role "
              + stream.role().wireName()
              + (stream.role().works() ? ", deciding scans from vigil.scan.requests" : ""));
    }
    VigilServer server = ServerWiring.start(app, service);
    System.out.println("store: " + app.database().describe());
    System.out.println(
        "listening on "
            + server.scheme()
            + "://"
            + displayHost(config.host())
            + ":"
            + server.port());
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  app.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  /**
   * A worker: no HTTP listener and none of the API node's periodic work (webhook delivery, audit
   * checkpoints, retention run on the API nodes); it decides queued scans until stopped.
   */
  private static int work(VigilApp app, StreamSettings stream) throws InterruptedException {
    app.startKafka(stream);
    System.out.println("store: " + app.database().describe());
    System.out.println(
        "worker: deciding scans from vigil.scan.requests at "
            + stream.clients()
            + " (group "
            + org.vigil.stream.ScanWorker.GROUP
            + ")");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  private static String displayHost(String host) {
    if ("0.0.0.0".equals(host)) {
      return "127.0.0.1";
    }
    if ("::".equals(host)) {
      return "[::1]";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
