package org.vigil.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real Apache Kafka broker for tests ({@link DevBroker}: one KRaft node, broker and controller,
 * on 127.0.0.1 and a free port, its logs in a temporary directory). Starts in a few seconds.
 */
public final class TestBroker implements AutoCloseable {

  private final DevBroker broker;
  private final Path dir;

  public TestBroker() {
    this(java.util.Map.of());
  }

  /**
   * A broker whose client listener requires SASL/PLAIN with one of {@code users} (name → password);
   * {@link #publish} and {@link #readAll} do not authenticate and work only without.
   */
  public TestBroker(java.util.Map<String, String> users) {
    try {
      dir = Files.createTempDirectory("vigil-test-kafka");
      broker = DevBroker.start(dir, 0, users);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test Kafka broker", e);
    }
  }

  public String bootstrap() {
    return broker.bootstrap();
  }

  /** Publishes raw bytes, as a platform producing straight to a topic would. */
  public void publish(String topic, String key, byte[] value) {
    Properties props = KafkaClientSettings.plain(bootstrap()).producer("test-producer");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("publish failed", e);
    }
  }

  /** Every record of {@code topic} so far, read from the beginning by a fresh consumer. */
  public List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration wait) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
        boolean done = true;
        for (TopicPartition partition : partitions) {
          if (consumer.position(partition) < ends.get(partition)) {
            done = false;
          }
        }
        if (done) {
          break;
        }
      }
    }
    return all;
  }

  @Override
  public void close() {
    broker.close();
    try (var walk = Files.walk(dir)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (java.io.IOException e) {
      // A temporary directory; the OS cleans it eventually.
    }
  }
}
