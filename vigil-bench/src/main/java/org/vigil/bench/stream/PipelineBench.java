package org.vigil.bench.stream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vigil.app.StreamSettings;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.bench.SyntheticPhoto;
import org.vigil.core.auth.Principal;
import org.vigil.core.banks.BankSettings;
import org.vigil.core.intake.ScanRequest;
import org.vigil.core.matcher.ScanHashes;
import org.vigil.hash.PdqHash;
import org.vigil.store.EmbeddedPostgresServer;
import org.vigil.stream.DevBroker;
import org.vigil.stream.ScanMessages;
import org.vigil.stream.Topics;

/**
 * The scan pipeline on this machine, end to end: a real broker ({@link DevBroker}), an embedded
 * PostgreSQL, and worker wirings ({@link VigilApp} with role worker, each with its own in-memory
 * index) in this JVM. Synthetic, benign inputs only: random PDQ hashes, generated photographs.
 */
public final class PipelineBench implements AutoCloseable {

  private final Path dir;
  private final DevBroker broker;
  private final EmbeddedPostgresServer postgres;
  private final VigilConfig config;
  private final VigilApp api;
  private final List<VigilApp> workers = new ArrayList<>();

  /**
   * @param bankSize random PDQ hashes in the bank every request is matched against
   */
  public PipelineBench(int bankSize, int partitions) throws Exception {
    dir = Files.createTempDirectory("vigil-bench-kafka");
    broker = DevBroker.start(dir.resolve("kafka"), 0);
    // One PostgreSQL server every wiring connects to, as separate processes would.
    postgres = EmbeddedPostgresServer.start(dir.resolve("db"));
    String url =
        postgres.jdbcUrl()
            + (postgres.jdbcUrl().contains("?") ? "&" : "?")
            + "user="
            + postgres.user()
            + "&password="
            + postgres.password();
    config =
        VigilConfig.fromEnvironment(Map.of())
            .withPort(0)
            .withDataDir(dir.resolve("data"))
            .withDbUrl(url)
            .withDemo(false);
    api = VigilApp.open(config, Clock.systemUTC());
    api.banks().loadAll();
    api.startKafka(new StreamSettings(broker.bootstrap(), StreamSettings.Role.API, partitions, 8));
    api.banks().create("bench", new BankSettings("synthetic", null, "block", true), admin());
    // Through a file: a bank of millions would not fit in a string.
    Path csv = dir.resolve("bank.csv");
    try (var out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("type,value\n");
      Random random = new Random(42);
      for (int i = 0; i < bankSize; i++) {
        out.write("pdq,");
        out.write(randomPdq(random).toHex());
        out.write('\n');
      }
    }
    try (var in = Files.newInputStream(csv)) {
      api.banks().importSignals("bench", in, false, "bench", admin());
    }
    Files.delete(csv);
  }

  /** The configuration every wiring here shares (one database, one data directory). */
  public VigilConfig config() {
    return config;
  }

  /** A temporary directory that goes with this bench. */
  public Path dir() {
    return dir;
  }

  /**
   * A worker's settings on this broker.
   *
   * @param snapshots where index snapshots go, or null for none (a start from the database)
   */
  public StreamSettings workerSettings(int threads, int partitions, Path snapshots) {
    StreamSettings settings =
        new StreamSettings(broker.bootstrap(), StreamSettings.Role.WORKER, partitions, threads);
    return snapshots == null
        ? settings.withSnapshots(null, java.time.Duration.ZERO)
        : settings.withSnapshots(snapshots, java.time.Duration.ofHours(1));
  }

  static Principal admin() {
    return Principal.local("bench");
  }

  static PdqHash randomPdq(Random random) {
    return new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
  }

  public String bootstrap() {
    return broker.bootstrap();
  }

  public VigilApp api() {
    return api;
  }

  /** Starts a worker wiring over the same database (the shared PostgreSQL of several processes). */
  public VigilApp startWorker(int threads, int partitions) {
    // The same data directory: every node sharing a database needs the same court-order key file.
    VigilConfig workerConfig = config;
    VigilApp worker = VigilApp.open(workerConfig, Clock.systemUTC());
    worker.banks().loadAll();
    worker.startBankSync();
    worker.startKafka(
        new StreamSettings(broker.bootstrap(), StreamSettings.Role.WORKER, partitions, threads));
    workers.add(worker);
    return worker;
  }

  /** Publishes {@code count} requests straight to the topic (as a platform's producer would). */
  public void publish(int count, boolean images, long seed) throws Exception {
    Properties props = producerProperties();
    Random random = new Random(seed);
    List<byte[]> photos = new ArrayList<>();
    if (images) {
      for (int i = 0; i < 32; i++) {
        photos.add(SyntheticPhoto.jpeg(640, 480, 0.85f, seed + i));
      }
    }
    Instant now = Instant.now();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String id = "b" + seed + "-" + i;
        ScanRequest request =
            new ScanRequest(
                id,
                Principal.DEFAULT_TENANT,
                "bench",
                now,
                "content-" + id,
                images ? null : new ScanRequest.Hashes(randomPdq(random).toHex(), -1, null, null),
                images ? photos.get(i % photos.size()) : null,
                Map.of());
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    Topics.REQUESTS, request.partitionKey(), ScanMessages.request(request))));
      }
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    }
  }

  private Properties producerProperties() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  public int workerCount() {
    return workers.size();
  }

  /** Requests decided so far by every worker started here. */
  public long decided() {
    return workers.stream().mapToLong(VigilApp::scansDecidedByWorker).sum();
  }

  /** Waits until the workers have decided {@code target} requests; returns false on timeout. */
  public boolean awaitDecided(long target, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (decided() < target) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /**
   * Adds one PDQ signal through the API wiring and returns the nanoseconds until a scan on every
   * worker matches it.
   */
  public long propagation(Random random) throws InterruptedException {
    PdqHash hash = randomPdq(random);
    ScanHashes query = new ScanHashes(hash, -1, null, null);
    long start = System.nanoTime();
    api.banks().addSignal("bench", "pdq", hash.toHex(), null, "bench", null, admin());
    boolean[] seen = new boolean[workers.size()];
    long[] at = new long[workers.size()];
    int remaining = workers.size();
    long deadline = start + TimeUnit.SECONDS.toNanos(30);
    while (remaining > 0) {
      for (int i = 0; i < workers.size(); i++) {
        if (!seen[i] && !workers.get(i).matcher().match(query, true).isEmpty()) {
          seen[i] = true;
          at[i] = System.nanoTime() - start;
          remaining--;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("a worker did not see the signal within 30 s");
      }
      Thread.onSpinWait();
    }
    return Arrays.stream(at).max().orElseThrow();
  }

  /** The 1-minute load average of this machine, as /proc/loadavg says. */
  public static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  @Override
  public void close() throws java.io.IOException {
    for (VigilApp worker : workers) {
      worker.close();
    }
    api.close();
    broker.close();
    postgres.close();
    try (var walk = Files.walk(dir)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
