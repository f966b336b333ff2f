package org.vigil.stream;

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
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka broker for tests: one KRaft node in combined mode (broker and controller),
 * listening on 127.0.0.1 on a random port, its logs in a temporary directory. Starts in a few
 * seconds.
 */
public final class TestBroker implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  public TestBroker() {
    this(null);
  }

  /**
   * @param baseDirectory where the broker keeps its logs; null = a temporary directory
   */
  public TestBroker(Path baseDirectory) {
    try {
      TestKitNodes.Builder nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1);
      if (baseDirectory != null) {
        nodes.setBaseDirectory(baseDirectory);
      }
      cluster =
          new KafkaClusterTestKit.Builder(nodes.build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test Kafka broker", e);
    }
  }

  public String bootstrap() {
    return cluster.bootstrapServers();
  }

  /** Publishes raw bytes, as a platform producing straight to a topic would. */
  public void publish(String topic, String key, byte[] value) {
    Properties props = KafkaScanQueue.producerProperties(bootstrap(), "test-producer");
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
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the test Kafka broker", e);
    }
  }
}
