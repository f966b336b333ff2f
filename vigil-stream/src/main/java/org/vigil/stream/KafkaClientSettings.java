package org.vigil.stream;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How every Vigil producer, consumer and admin client reaches the cluster: the bootstrap servers
 * and the operator's own client properties ({@code --kafka-config FILE}, {@code
 * VIGIL_KAFKA_CONFIG}), merged over Vigil's settings. A production cluster needs TLS and SASL
 * ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code
 * ssl.truststore.location}...): these are Kafka's standard client properties, passed through as
 * written, so whatever the Kafka client supports works without Vigil knowing it.
 *
 * <p>Keys Vigil's guarantees rest on are refused (see {@link #RESERVED}): an operator who set
 * {@code enable.auto.commit=true} would silently lose the rule that an offset is committed only
 * after its decision is stored. Values are never printed: the file holds passwords, and only its
 * keys appear in errors and in {@link #toString()}.
 *
 * @param bootstrap {@code host:port[,host:port]}
 * @param client the operator's properties (empty without a file)
 */
public record KafkaClientSettings(String bootstrap, Map<String, String> client) {

  /**
   * Set by Vigil only: where the cluster is (the {@code --kafka} option), the wire format of
   * messages, the consumer group and the durability and offset rules of docs/kafka.md.
   */
  public static final Set<String> RESERVED =
      Set.of(
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
          ProducerConfig.ACKS_CONFIG,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
          ConsumerConfig.GROUP_ID_CONFIG,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG);

  public KafkaClientSettings {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are required");
    }
    client = Map.copyOf(client == null ? Map.of() : client);
    for (String key : client.keySet()) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(reservedMessage(key));
      }
    }
  }

  /** No client properties: a cluster on a trusted network, or the development broker. */
  public static KafkaClientSettings plain(String bootstrap) {
    return new KafkaClientSettings(bootstrap, Map.of());
  }

  /**
   * Reads a Java properties file of Kafka client settings.
   *
   * @throws IllegalArgumentException naming the file (never a value) when it cannot be read or sets
   *     a key Vigil reserves
   */
  public static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no Kafka client properties file at " + file);
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      // Properties.load's message may quote the malformed line, which may be a password.
      throw new IllegalArgumentException(
          "cannot read the Kafka client properties in "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
    Map<String, String> client = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      String trimmed = key.trim();
      if (RESERVED.contains(trimmed)) {
        throw new IllegalArgumentException(file + ": " + reservedMessage(trimmed));
      }
      client.put(trimmed, props.getProperty(key).trim());
    }
    return client;
  }

  private static String reservedMessage(String key) {
    return "'"
        + key
        + "' is set by Vigil and cannot be changed in the Kafka client properties"
        + (CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG.equals(key)
            ? " (give the servers with --kafka, VIGIL_KAFKA)"
            : " (docs/kafka.md, 'Exactly once': its guarantees depend on it)");
  }

  /** Settings shared by every Vigil producer: durable, ordered, no duplicates from retries. */
  public Properties producer(String clientId) {
    Properties props = new Properties();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    props.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Integer.toString(Topics.MAX_MESSAGE_BYTES + 64 * 1024));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    props.putAll(client);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /**
   * A consumer's settings: {@code defaults} (Vigil's tuning, which the operator may override), then
   * the operator's properties, then what Vigil reserves.
   *
   * @param group the consumer group, or null for a consumer that assigns partitions itself
   */
  public Properties consumer(String clientId, String group, Map<String, String> defaults) {
    Properties props = new Properties();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.putAll(defaults);
    props.putAll(client);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    if (group != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  /** The admin client's settings (topic creation at start). */
  public Properties admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.putAll(client);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return props;
  }

  /** The servers and the names of the operator's properties, never their values. */
  @Override
  public String toString() {
    return client.isEmpty()
        ? bootstrap
        : bootstrap
            + " (client properties: "
            + String.join(", ", new TreeMap<>(client).keySet())
            + ")";
  }
}
