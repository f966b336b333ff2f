package org.vigil.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.json.Json;

/**
 * Every worker's reader of {@code vigil.banks}: not in a consumer group (each worker needs every
 * change). A message says "the bank change log has reached {@code seq}"; when that is newer than
 * what this process's indexes reflect, the follower runs {@code sync}, which applies the change log
 * from there on. The message is a wake-up, the change log is the truth, so a change published
 * before the worker started is in its loaded index or in the log it catches up from.
 *
 * <p>Where reading starts: at the offsets an index snapshot recorded (docs/kafka.md, "Index
 * snapshots") when the worker started from one, so it reads every message published since; else at
 * the topic's end, because the worker has just loaded the whole index from PostgreSQL. Either way
 * it syncs once at start, for changes made between the load and the first poll.
 */
public final class BankChangeFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BankChangeFollower.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final LongSupplier applied;
  private final Runnable sync;
  private final Map<String, Long> from;
  private final Thread loop;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong syncs = new AtomicLong();
  private volatile Map<String, Long> positions = Map.of();
  private volatile Map<String, Long> started = Map.of();
  private volatile boolean running = true;

  /**
   * @param applied the newest change-log position this process's indexes reflect
   * @param sync applies the change log's new entries to this process's indexes
   * @param from where to start reading, by {@link #positionKey partition}, as an index snapshot
   *     recorded them; partitions missing here start at the end
   */
  public BankChangeFollower(
      KafkaClientSettings kafka, LongSupplier applied, Runnable sync, Map<String, Long> from) {
    this.consumer =
        new KafkaConsumer<>(
            kafka.consumer(
                "vigil-bank-follower-" + UUID.randomUUID(),
                null,
                // A recorded offset that compaction or retention removed: read what is left.
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")));
    this.applied = applied;
    this.sync = sync;
    this.from = Map.copyOf(from);
    this.loop = new Thread(this::run, "vigil-bank-follower");
    loop.setDaemon(true);
  }

  /** The key of a partition's position in {@link #positions()}: {@code vigil.banks/0}. */
  public static String positionKey(int partition) {
    return Topics.BANKS + "/" + partition;
  }

  public BankChangeFollower start() {
    loop.start();
    return this;
  }

  /**
   * The next offset this follower reads, by partition; every message before it has been read and
   * its change applied (or found applied already). Empty until the follower has positioned itself.
   */
  public Map<String, Long> positions() {
    return positions;
  }

  /** Where the follower started reading, by partition (empty until it has). */
  public Map<String, Long> startedAt() {
    return started;
  }

  /** Messages read since start. */
  public long messagesRead() {
    return messages.get();
  }

  /** Times a message named a change newer than the indexes and the change log was applied. */
  public long syncsRun() {
    return syncs.get();
  }

  private void run() {
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.BANKS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      for (TopicPartition partition : partitions) {
        Long offset = from.get(positionKey(partition.partition()));
        if (offset != null) {
          consumer.seek(partition, offset);
        } else {
          consumer.seekToEnd(List.of(partition));
        }
      }
      started = currentPositions(partitions);
      positions = started;
      // Changes made between the index load and the seek are in the log: apply them now.
      runSync();
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
        long newest = -1;
        for (ConsumerRecord<String, byte[]> record : records) {
          messages.incrementAndGet();
          newest = Math.max(newest, seq(record));
        }
        if (!records.isEmpty() && newest > applied.getAsLong()) {
          syncs.incrementAndGet();
          runSync();
        }
        positions = currentPositions(partitions);
      }
    } catch (WakeupException e) {
      // close() asked the loop to stop.
    } catch (RuntimeException e) {
      LOG.error("bank change follower stopped; the periodic bank sync still applies changes", e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  private Map<String, Long> currentPositions(List<TopicPartition> partitions) {
    Map<String, Long> now = new HashMap<>();
    for (TopicPartition partition : partitions) {
      now.put(positionKey(partition.partition()), consumer.position(partition));
    }
    return Map.copyOf(now);
  }

  /** The change-log position a message names; unreadable ones count as new (sync to be safe). */
  private static long seq(ConsumerRecord<String, byte[]> record) {
    try {
      JsonNode seq =
          record.value() == null ? null : Json.MAPPER.readTree(record.value()).get("seq");
      return seq != null && seq.canConvertToLong() ? seq.asLong() : Long.MAX_VALUE;
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  private void runSync() {
    try {
      sync.run();
    } catch (RuntimeException e) {
      // The database may be briefly away; the next message or the periodic sync catches up.
      LOG.warn("bank sync after a change message failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
