package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.evidence.PreserveRequest;
import org.vigil.core.evidence.RetentionPolicy;
import org.vigil.core.testing.MutableClock;

/**
 * The vault's S3-compatible store against a real S3 server: S3Proxy (Apache-2.0) with its
 * filesystem backend, listening on a random loopback port in this JVM and checking AWS signature
 * V4, spoken to by the AWS SDK's S3 client over HTTP exactly as a MinIO or AWS bucket would be.
 */
@Timeout(120)
class S3EvidenceBlobsTest {

  private static final String ACCESS = "vigil-test-access";
  private static final String SECRET = "vigil-test-secret-key";
  private static final String BUCKET = "evidence";
  private static final byte[] IMAGE = "a benign synthetic picture".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private BlobStoreContext context;
  private S3Proxy proxy;
  private URI endpoint;
  private S3EvidenceBlobs blobs;
  private Database database;

  @BeforeEach
  void start() throws Exception {
    Path store = Files.createDirectories(dir.resolve("s3"));
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", store.toString());
    context =
        ContextBuilder.newBuilder("filesystem")
            .credentials("unused", "unused")
            .overrides(properties)
            .build(BlobStoreContext.class);
    context.getBlobStore().createContainerInLocation(null, BUCKET);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    blobs = S3EvidenceBlobs.connect(endpoint, "us-east-1", BUCKET, "vigil/", ACCESS, SECRET, true);
  }

  @AfterEach
  void stop() throws Exception {
    if (blobs != null) {
      blobs.close();
    }
    if (database != null) {
      database.close();
    }
    proxy.stop();
    context.close();
  }

  private static final String A = "ev_0123456789abcdef0123456789abcdef";
  private static final String B = "ev_fedcba9876543210fedcba9876543210";

  @Test
  void putGetDelete_roundTrip_secondPutKeepsTheFirst() {
    assertThat(blobs.get(A)).isEmpty();
    blobs.put(A, new byte[] {1, 2, 3});
    blobs.put(A, new byte[] {9});

    assertThat(blobs.get(A)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
    assertThat(blobs.delete(A)).isTrue();
    assertThat(blobs.delete(A)).isFalse();
    assertThat(blobs.get(A)).isEmpty();
  }

  @Test
  void idsOlderThan_listsBlobsUnderThePrefixWrittenBefore() throws Exception {
    blobs.put(A, new byte[] {1});
    blobs.put(B, new byte[] {2});
    Instant later = Instant.now().plusSeconds(5);

    assertThat(blobs.idsOlderThan(later)).containsExactlyInAnyOrder(A, B);
    assertThat(blobs.idsOlderThan(Instant.now().minusSeconds(60))).isEmpty();
    // Objects outside the prefix (another application's, or another vault's) are not ours.
    try (S3EvidenceBlobs other =
        S3EvidenceBlobs.connect(endpoint, "us-east-1", BUCKET, "other/", ACCESS, SECRET, true)) {
      assertThat(other.idsOlderThan(later)).isEmpty();
    }
  }

  @Test
  void put_forgedId_refused() {
    assertThatThrownBy(() -> blobs.put("../ev_x", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void connect_wrongSecretOrMissingBucket_failsNamingTheBucket() {
    assertThatThrownBy(
            () ->
                S3EvidenceBlobs.connect(
                    endpoint, "us-east-1", BUCKET, "", ACCESS, "not-the-secret", true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'evidence' cannot be reached");
    assertThatThrownBy(
            () ->
                S3EvidenceBlobs.connect(
                    endpoint, "us-east-1", "no-such-bucket", "", ACCESS, SECRET, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'no-such-bucket' cannot be reached");
  }

  @Test
  void vault_onS3_preservesEncryptedReadsBackSweepsOrphansAndShreds() throws Exception {
    database = TestDatabases.freshPostgres();
    MutableClock clock = new MutableClock(Instant.now());
    byte[] key = new byte[32];
    key[3] = 17;
    JdbcAuditStore audit = new JdbcAuditStore(database);
    EvidenceVault vault =
        new EvidenceVault(
            new JdbcEvidenceStore(database),
            blobs,
            new EnvelopeCipher(key),
            RetentionPolicy.standard(),
            new AuditLog(audit, clock),
            clock);
    EvidenceItem item =
        vault.preserve(
            new PreserveRequest("default", "case_s3", "post-1", "image/png", "US", IMAGE),
            "key:platform");

    assertThat(vault.read("default", item.id(), "key:specialist")).isEqualTo(IMAGE);
    // At rest in the bucket: ciphertext only.
    try (Stream<Path> files = Files.walk(dir.resolve("s3"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .doesNotContain(new String(IMAGE, StandardCharsets.ISO_8859_1));
      }
    }
    // A ciphertext whose row never committed (a crash) is swept once older than the grace.
    blobs.put(A, new byte[] {7});
    clock.advance(Duration.ofMinutes(11));
    assertThat(vault.removeOrphans()).isEqualTo(1);
    assertThat(blobs.get(A)).isEmpty();
    assertThat(blobs.get(item.id())).isPresent();
    // Past its retention, the item is destroyed: its object deleted, its key forgotten.
    clock.set(item.retainUntil().plusSeconds(1));
    assertThat(vault.deleteExpired()).isEqualTo(1);
    assertThat(blobs.get(item.id())).isEmpty();
    assertThatThrownBy(() -> vault.read("default", item.id(), "key:specialist"))
        .isInstanceOf(VigilException.class);
  }
}
