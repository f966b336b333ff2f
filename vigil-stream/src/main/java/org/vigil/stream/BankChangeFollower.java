package org.vigil.stream;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every worker's reader of {@code vigil.banks}: not in a consumer group (each worker needs every
 * change), starting at the topic's end because the worker has just loaded the whole index from
 * PostgreSQL at a known change-log position. On each message it runs {@code sync}, which applies
 * the change log from that position on: the message is a wake-up, the change log is the truth, so a
 * change published before the worker's start is in its loaded index or in the log it catches up
 * from.
 */
public final class BankChangeFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BankChangeFollower.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Runnable sync;
  private final Thread loop;
  private volatile boolean running = true;

  /**
   * @param sync applies the change log's new entries to this process's indexes
   */
  public BankChangeFollower(String bootstrap, Runnable sync) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-bank-follower-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(props);
    this.sync = sync;
    this.loop = new Thread(this::run, "vigil-bank-follower");
    loop.setDaemon(true);
  }

  public BankChangeFollower start() {
    loop.start();
    return this;
  }

  private void run() {
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.BANKS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      for (TopicPartition partition : partitions) {
        consumer.position(partition);
      }
      // Changes made between the index load and the seek are in the log: apply them now.
      runSync();
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
        if (!records.isEmpty()) {
          runSync();
        }
      }
    } catch (WakeupException e) {
      // close() asked the loop to stop.
    } catch (RuntimeException e) {
      LOG.error("bank change follower stopped; the periodic bank sync still applies changes", e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
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
