package org.vigil.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.vigil.stream.KafkaClientSettings;

/**
 * Where a server sits in the scan pipeline on Kafka (docs/kafka.md). Kept beside {@link
 * VigilConfig} and validated the same way: each key is named when wrong. Command options override
 * the variables.
 *
 * @param kafka bootstrap servers, {@code host:port[,host:port...]} (VIGIL_KAFKA, {@code --kafka});
 *     null = everything in-process, as without Kafka
 * @param role what this process does (VIGIL_ROLE, {@code --role}; default all)
 * @param partitions partitions of the request and result topics when Vigil creates them: the most
 *     workers that can share the work (VIGIL_KAFKA_PARTITIONS, 12)
 * @param workerThreads decisions a worker makes at once (VIGIL_WORKER_THREADS, 32); they share the
 *     store's group commits, so more threads mean larger batches, not more transactions
 * @param kafkaConfig a Java properties file of Kafka client settings merged into every producer,
 *     consumer and admin client: TLS, SASL (VIGIL_KAFKA_CONFIG, {@code --kafka-config}); null =
 *     none
 * @param snapshotDir where index snapshots are written and restored from
 *     (VIGIL_INDEX_SNAPSHOT_DIR); null = {@code <data dir>/index-snapshots}
 * @param snapshotEvery how often a process on Kafka writes an index snapshot when its indexes
 *     changed (VIGIL_INDEX_SNAPSHOT_SECONDS, 600); zero = never write nor restore one
 */
public record StreamSettings(
    String kafka,
    Role role,
    int partitions,
    int workerThreads,
    Path kafkaConfig,
    Path snapshotDir,
    Duration snapshotEvery) {

  /** Default interval of index snapshots. */
  public static final Duration DEFAULT_SNAPSHOT_EVERY = Duration.ofMinutes(10);

  /** Without client properties, with snapshots in the data directory every 10 minutes. */
  public StreamSettings(String kafka, Role role, int partitions, int workerThreads) {
    this(kafka, role, partitions, workerThreads, null, null, DEFAULT_SNAPSHOT_EVERY);
  }

  /** What a process does. */
  public enum Role {
    /** HTTP API: synchronous scans, and asynchronous ones onto the queue. No worker. */
    API,
    /** Takes requests off the queue and decides them. No HTTP listener. */
    WORKER,
    /** Both (the default; without Kafka, the single process as always). */
    ALL;

    public boolean serves() {
      return this != WORKER;
    }

    public boolean works() {
      return this != API;
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String value, String key) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            key + " must be api, worker or all, got '" + value + "'", e);
      }
    }
  }

  private static final Pattern BOOTSTRAP =
      Pattern.compile("[A-Za-z0-9.\\-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:.]+\\]:[0-9]{1,5}");

  public StreamSettings {
    role = role == null ? Role.ALL : role;
    if (kafka != null) {
      kafka = kafka.trim();
      for (String server : kafka.split(",", -1)) {
        if (!BOOTSTRAP.matcher(server.trim()).matches()) {
          throw new IllegalArgumentException(
              "--kafka (VIGIL_KAFKA) must be host:port[,host:port...], got '" + kafka + "'");
        }
      }
    }
    if (kafka == null && role != Role.ALL) {
      throw new IllegalArgumentException(
          "--role " + role.wireName() + " (VIGIL_ROLE) needs --kafka (VIGIL_KAFKA)");
    }
    if (partitions < 1 || partitions > 10_000) {
      throw new IllegalArgumentException(
          "VIGIL_KAFKA_PARTITIONS must be between 1 and 10000, got " + partitions);
    }
    if (workerThreads < 1 || workerThreads > 256) {
      throw new IllegalArgumentException(
          "VIGIL_WORKER_THREADS must be between 1 and 256, got " + workerThreads);
    }
    if (kafkaConfig != null && kafka == null) {
      throw new IllegalArgumentException(
          "--kafka-config (VIGIL_KAFKA_CONFIG) needs --kafka (VIGIL_KAFKA)");
    }
    snapshotEvery = snapshotEvery == null ? DEFAULT_SNAPSHOT_EVERY : snapshotEvery;
    if (snapshotEvery.isNegative() || snapshotEvery.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException(
          "VIGIL_INDEX_SNAPSHOT_SECONDS must be between 0 (no snapshots) and 604800, got "
              + snapshotEvery.toSeconds());
    }
  }

  /**
   * How this process's clients reach the cluster: the servers and the properties file's settings,
   * read now (a missing file or a key Vigil reserves stops the start, naming the file and the key,
   * never a value).
   */
  public KafkaClientSettings clients() {
    if (kafka == null) {
      throw new IllegalStateException("no Kafka configured");
    }
    if (kafkaConfig == null) {
      return KafkaClientSettings.plain(kafka);
    }
    try {
      return new KafkaClientSettings(kafka, KafkaClientSettings.readFile(kafkaConfig));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--kafka-config (VIGIL_KAFKA_CONFIG): " + e.getMessage(), e);
    }
  }

  /** Whether index snapshots are written and restored: on Kafka, unless the interval is 0. */
  public boolean snapshots() {
    return kafka != null && !snapshotEvery.isZero();
  }

  /** The snapshot directory: the configured one, else under {@code dataDir}. */
  public Path snapshotDir(Path dataDir) {
    return snapshotDir != null ? snapshotDir : dataDir.resolve("index-snapshots");
  }

  /** These settings with the client properties file given. */
  public StreamSettings withKafkaConfig(Path file) {
    return new StreamSettings(
        kafka, role, partitions, workerThreads, file, snapshotDir, snapshotEvery);
  }

  /** These settings with the snapshot directory (null = default) and interval given. */
  public StreamSettings withSnapshots(Path dir, Duration every) {
    return new StreamSettings(kafka, role, partitions, workerThreads, kafkaConfig, dir, every);
  }

  /** No Kafka: the whole pipeline in this process. */
  public static StreamSettings inProcess() {
    return new StreamSettings(null, Role.ALL, 12, 32);
  }

  /** Defaults, overridden by whichever of this record's variables {@code env} holds. */
  public static StreamSettings fromEnvironment(Map<String, String> env) {
    return new StreamSettings(
        blank(env.get("VIGIL_KAFKA")) ? null : env.get("VIGIL_KAFKA"),
        blank(env.get("VIGIL_ROLE")) ? Role.ALL : Role.parse(env.get("VIGIL_ROLE"), "VIGIL_ROLE"),
        intValue(env, "VIGIL_KAFKA_PARTITIONS", 12),
        intValue(env, "VIGIL_WORKER_THREADS", 32),
        blank(env.get("VIGIL_KAFKA_CONFIG")) ? null : Path.of(env.get("VIGIL_KAFKA_CONFIG").trim()),
        blank(env.get("VIGIL_INDEX_SNAPSHOT_DIR"))
            ? null
            : Path.of(env.get("VIGIL_INDEX_SNAPSHOT_DIR").trim()),
        Duration.ofSeconds(
            intValue(
                env, "VIGIL_INDEX_SNAPSHOT_SECONDS", (int) DEFAULT_SNAPSHOT_EVERY.toSeconds())));
  }

  /** These settings with the command's options, where given. */
  public StreamSettings withOptions(String kafkaOption, String roleOption) {
    return withOptions(kafkaOption, roleOption, null);
  }

  /** These settings with the command's options, where given. */
  public StreamSettings withOptions(String kafkaOption, String roleOption, Path kafkaConfigOption) {
    return new StreamSettings(
        kafkaOption != null ? kafkaOption : kafka,
        roleOption != null ? Role.parse(roleOption, "--role") : role,
        partitions,
        workerThreads,
        kafkaConfigOption != null ? kafkaConfigOption : kafkaConfig,
        snapshotDir,
        snapshotEvery);
  }

  public boolean enabled() {
    return kafka != null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static int intValue(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    if (blank(value)) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
    }
  }
}
