package org.vigil.stream;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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

  public KafkaScanQueue(KafkaClientSettings kafka) {
    this.producer = new KafkaProducer<>(kafka.producer("vigil-api"));
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
