package org.vigil.stream;

import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.banks.BankChangeListener;
import org.vigil.core.json.Json;

/**
 * Publishes each bank change's position in the change log on the compacted {@code vigil.banks}
 * topic, keyed by bank, so every worker applies it at once. The change itself stays in PostgreSQL
 * (the system of record); the message only says "the log has reached {@code seq}". A message lost
 * here delays a change until the workers' periodic sync ({@code VIGIL_BANK_SYNC_MILLIS}), never
 * loses it.
 */
public final class BankChangePublisher implements BankChangeListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BankChangePublisher.class);

  private final KafkaProducer<String, byte[]> producer;

  public BankChangePublisher(KafkaClientSettings kafka) {
    this.producer = new KafkaProducer<>(kafka.producer("vigil-bank-changes"));
  }

  @Override
  public void changed(String bank, long seq) {
    byte[] value;
    try {
      value =
          Json.MAPPER.writeValueAsBytes(
              java.util.Map.of("version", ScanMessages.VERSION, "bank", bank, "seq", seq));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers is always serialisable", e);
    }
    producer.send(
        new ProducerRecord<>(Topics.BANKS, bank, value),
        (metadata, error) -> {
          if (error != null) {
            LOG.warn(
                "bank change {} of {} not published ({}); workers apply it on their next sync",
                seq,
                bank,
                error.getMessage());
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
