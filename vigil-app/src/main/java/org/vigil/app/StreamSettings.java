package org.vigil.app;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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
 */
public record StreamSettings(String kafka, Role role, int partitions, int workerThreads) {

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
        intValue(env, "VIGIL_WORKER_THREADS", 32));
  }

  /** These settings with the command's options, where given. */
  public StreamSettings withOptions(String kafkaOption, String roleOption) {
    return new StreamSettings(
        kafkaOption != null ? kafkaOption : kafka,
        roleOption != null ? Role.parse(roleOption, "--role") : role,
        partitions,
        workerThreads);
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
