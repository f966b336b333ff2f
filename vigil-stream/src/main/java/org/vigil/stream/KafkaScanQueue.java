package org.vigil.stream;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vigil.core.intake.ScanQueue;
import org.vigil.core.intake.ScanQueueUnavailableException;
import org.vigil.core.intake.ScanRequest;

/**
 * Scan requests onto {@code vigil.scan.requests}, keyed by content id; {@link #submit} returns when
 * every in-sync replica has the message (acks=all, idempotent producer), so the 202 the API answers
 * is never for a request the broker could still lose.
 */
public final class KafkaScanQueue implements ScanQueue, AutoCloseable {

  /** How long an API request waits for the broker before answering 503. */
  static final long SEND_TIMEOUT_SECONDS = 10;

  private final KafkaProducer<String, byte[]> producer;

  public KafkaScanQueue(String bootstrap) {
    this.producer = new KafkaProducer<>(producerProperties(bootstrap, "vigil-api"));
  }

  /** Settings shared by every Vigil producer: durable, ordered, no duplicates from retries. */
  static Properties producerProperties(String bootstrap, String clientId) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES + 64 * 1024);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  @Override
  public void submit(ScanRequest request) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.REQUESTS, request.partitionKey(), ScanMessages.request(request)))
          .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScanQueueUnavailableException("interrupted while queueing the request", e);
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
      throw new ScanQueueUnavailableException(
          "the scan queue did not take the request: " + Topics.message(e), e);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
