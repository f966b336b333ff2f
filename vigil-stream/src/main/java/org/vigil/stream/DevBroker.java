package org.vigil.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Apache Kafka for development and tests: the real broker classes ({@code
 * KafkaRaftServer}), one process acting as broker and KRaft controller, listening on 127.0.0.1
 * only, one replica of everything. Not for production: no replication, no TLS, and by default no
 * authentication (tests start it with SASL/PLAIN users to check Vigil's client settings).
 *
 * <p>Why not Kafka's {@code KafkaClusterTestKit}: it binds its listeners to every interface, and
 * nothing Vigil starts may listen beyond the loopback unless the operator asks.
 *
 * <p>The broker classes are an optional dependency of this module: a process that calls this class
 * needs {@code org.apache.kafka:kafka_2.13} on its class path (vigil-cli has it, for {@code vigil
 * kafka dev}); servers that only talk to a cluster do not.
 */
public final class DevBroker implements AutoCloseable {

  private final KafkaRaftServer server;
  private final int port;

  private DevBroker(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Formats {@code dataDir} when it is new (an existing one keeps its topics) and starts the
   * broker.
   *
   * @param port the client listener's port; 0 picks a free one
   */
  public static DevBroker start(Path dataDir, int port) throws Exception {
    return start(dataDir, port, Map.of());
  }

  /**
   * As {@link #start(Path, int)}; with {@code plainUsers} (name → password) the client listener is
   * {@code SASL_PLAINTEXT} with the {@code PLAIN} mechanism and accepts only those users, as a
   * cluster that requires authentication does (no TLS: passwords cross the loopback in clear).
   */
  public static DevBroker start(Path dataDir, int port, Map<String, String> plainUsers)
      throws Exception {
    Files.createDirectories(dataDir);
    int brokerPort = port != 0 ? port : freePort();
    int controllerPort = freePort();
    String logs = dataDir.toAbsolutePath().resolve("logs").toString();
    String listener = plainUsers.isEmpty() ? "PLAINTEXT" : "SASL_PLAINTEXT";
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "0");
    props.put("controller.quorum.voters", "0@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        listener + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", listener + "://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", listener);
    props.put(
        "listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
    if (!plainUsers.isEmpty()) {
      // The broker's own user (inter-broker) gets a random password nobody else knows.
      String brokerPassword = Uuid.randomUuid().toString();
      StringBuilder jaas =
          new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
              .append(" username=\"vigil-dev-broker\" password=\"")
              .append(brokerPassword)
              .append("\" user_vigil-dev-broker=\"")
              .append(brokerPassword)
              .append('"');
      plainUsers.forEach(
          (user, password) ->
              jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
      props.put("sasl.enabled.mechanisms", "PLAIN");
      props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
    }
    props.put("log.dirs", logs);
    props.put("num.partitions", "1");
    props.put("default.replication.factor", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    props.put("message.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES + 64 * 1024));
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(0)
        .setClusterId(clusterId(Path.of(logs)))
        .setDirectories(List.of(logs))
        .setMetadataLogDirectory(logs)
        .setControllerListenerName("CONTROLLER")
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setIgnoreFormatted(true)
        .run();
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    return new DevBroker(server, brokerPort);
  }

  /** The id a formatted directory already has, else a new one. */
  private static String clusterId(Path logs) throws IOException {
    Path meta = logs.resolve("meta.properties");
    if (Files.isRegularFile(meta)) {
      Properties stored = new Properties();
      try (var in = Files.newInputStream(meta)) {
        stored.load(in);
      }
      String id = stored.getProperty("cluster.id");
      if (id != null) {
        return id;
      }
    }
    return Uuid.randomUuid().toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:PORT}, what clients give as bootstrap servers. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
