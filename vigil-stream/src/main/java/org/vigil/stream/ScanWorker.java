package org.vigil.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.intake.ScanRequest;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.usecases.QueuedScans;

/**
 * A worker of the {@code vigil-workers} consumer group: takes scan requests off {@code
 * vigil.scan.requests} and decides them through {@link QueuedScans}.
 *
 * <p>One loop thread polls; the records of a poll are decided in parallel on {@code threads}
 * threads (their decisions share the store's group commits), then the results and dead letters are
 * flushed to the broker, and only then are the offsets committed. So a committed offset is always a
 * stored decision (or a dead letter), and a worker killed at any point leaves the broker to deliver
 * the uncommitted records again, to this worker restarted or to another one: their decisions exist
 * already and are not made twice (the decision id is derived from the request).
 *
 * <p>A record that can never be decided (not JSON, bad hashes, an unreadable image) goes to {@code
 * vigil.scan.dead} with the reason, and its partition moves on. Anything else (the database or the
 * broker unreachable) rewinds the batch's partitions and retries it after a pause: nothing is
 * skipped because a dependency was briefly down.
 */
public final class ScanWorker implements AutoCloseable {

  /** The consumer group every worker joins. */
  public static final String GROUP = "vigil-workers";

  private static final Logger LOG = LoggerFactory.getLogger(ScanWorker.class);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final QueuedScans scans;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService deciders;
  private final Thread loop;
  private final AtomicLong decided = new AtomicLong();
  private final AtomicLong dead = new AtomicLong();
  private volatile boolean running = true;

  /**
   * @param threads decisions made at once per worker
   */
  public ScanWorker(KafkaClientSettings kafka, QueuedScans scans, int threads) {
    this.scans = scans;
    this.consumer = new KafkaConsumer<>(consumerProperties(kafka));
    this.producer = new KafkaProducer<>(kafka.producer("vigil-worker"));
    this.deciders =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "vigil-decider");
              t.setDaemon(true);
              return t;
            });
    this.loop = new Thread(this::run, "vigil-scan-worker");
  }

  static Properties consumerProperties(KafkaClientSettings kafka) {
    return kafka.consumer(
        "vigil-worker-" + java.util.UUID.randomUUID(),
        GROUP,
        Map.of(
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            "500",
            // An image request can be up to the topic's maximum; the fetch must hold at least one.
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
            Integer.toString(Topics.MAX_MESSAGE_BYTES + 64 * 1024)));
  }

  /** Joins the group and starts deciding. */
  public ScanWorker start() {
    loop.start();
    return this;
  }

  /** Requests decided (including deliveries again of requests decided before) since start. */
  public long decided() {
    return decided.get();
  }

  /** Records sent to the dead-letter topic since start. */
  public long dead() {
    return dead.get();
  }

  private void run() {
    try {
      consumer.subscribe(
          List.of(Topics.REQUESTS),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              // Nothing in flight: a batch is finished and committed before the next poll.
              LOG.info("scan partitions revoked: {}", partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              LOG.info("scan partitions assigned: {}", partitions);
            }
          });
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          continue;
        }
        try {
          process(records);
          commit(records);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException | ExecutionException e) {
          LOG.warn(
              "scan batch of {} failed, retrying it in {} ms: {}",
              records.count(),
              RETRY_PAUSE.toMillis(),
              Topics.message(e));
          rewind(records);
          Thread.sleep(RETRY_PAUSE.toMillis());
        }
      }
    } catch (WakeupException e) {
      // close() asked the loop to stop.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("scan worker stopped", e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** What became of one record. */
  private record Outcome(
      ConsumerRecord<String, byte[]> record,
      String requestId,
      byte[] result,
      String deadReason,
      ScanRequest request,
      DecisionRecord decision) {}

  private void process(ConsumerRecords<String, byte[]> records)
      throws InterruptedException, ExecutionException {
    List<Future<Outcome>> outcomes = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> record : records) {
      outcomes.add(deciders.submit(() -> decide(record)));
    }
    List<Future<RecordMetadata>> sends = new ArrayList<>(outcomes.size());
    // Every decision first: a failure anywhere rewinds the whole batch before anything is sent.
    List<Outcome> done = new ArrayList<>(outcomes.size());
    List<ScanRequest> decidedRequests = new ArrayList<>(outcomes.size());
    List<DecisionRecord> decisions = new ArrayList<>(outcomes.size());
    for (Future<Outcome> outcome : outcomes) {
      Outcome o = outcome.get();
      done.add(o);
      if (o.decision() != null) {
        decidedRequests.add(o.request());
        decisions.add(o.decision());
      }
    }
    // One status transaction per poll, not one per request (each would cost a disk flush).
    scans.markDecided(decidedRequests, decisions);
    for (Outcome outcome : done) {
      ConsumerRecord<String, byte[]> record = outcome.record();
      if (outcome.deadReason() != null) {
        sends.add(
            producer.send(
                new ProducerRecord<>(
                    Topics.DEAD,
                    record.key(),
                    ScanMessages.dead(
                        outcome.deadReason(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.value()))));
      } else {
        sends.add(
            producer.send(
                new ProducerRecord<>(Topics.RESULTS, outcome.requestId(), outcome.result())));
      }
    }
    producer.flush();
    for (Future<RecordMetadata> send : sends) {
      send.get();
    }
    for (Outcome outcome : done) {
      if (outcome.deadReason() != null) {
        dead.incrementAndGet();
      } else {
        decided.incrementAndGet();
      }
    }
  }

  private Outcome decide(ConsumerRecord<String, byte[]> record) {
    ScanRequest request;
    try {
      request = ScanMessages.parseRequest(record.value(), record.timestamp());
    } catch (ScanMessages.BadMessageException e) {
      LOG.warn(
          "scan request {}-{}@{} is unreadable: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return new Outcome(record, null, null, e.getMessage(), null, null);
    }
    try {
      DecisionRecord decision = scans.decide(request);
      return new Outcome(
          record,
          request.requestId(),
          ScanMessages.result(request, decision),
          null,
          request,
          decision);
    } catch (QueuedScans.UndecidableException e) {
      scans.fail(request, e.getMessage());
      return new Outcome(record, request.requestId(), null, e.getMessage(), null, null);
    }
  }

  private void commit(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    try {
      consumer.commitSync(offsets);
    } catch (CommitFailedException e) {
      // The group moved on (this worker was too slow and its partitions went to another): the
      // other worker delivers these again and meets the decisions already stored.
      LOG.warn("offsets not committed, the group rebalanced: {}", e.getMessage());
    }
  }

  private void rewind(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      try {
        consumer.seek(partition, records.records(partition).get(0).offset());
      } catch (IllegalStateException e) {
        // No longer assigned: the partition's new owner starts from the committed offset.
      }
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      loop.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deciders.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}
