package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.evidence.EvidenceIntegrityException;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceVault;
import org.vigil.core.evidence.PreserveRequest;
import org.vigil.core.evidence.RetentionPolicy;
import org.vigil.core.testing.MutableClock;

/** The vault on a real database and a real directory: encryption, audit, retention, holds. */
class EvidenceVaultTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final byte[] IMAGE = "a benign synthetic picture".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private final List<Database> opened = new ArrayList<>();
  private final MutableClock clock = new MutableClock(T0);
  private JdbcAuditStore auditStore;

  static Stream<TestDatabases.Kind> databases() {
    return TestDatabases.all().stream();
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }

  private EvidenceVault vault(TestDatabases.Kind kind, byte[] masterKey) {
    Database database = kind.open();
    opened.add(database);
    auditStore = new JdbcAuditStore(database);
    return new EvidenceVault(
        new JdbcEvidenceStore(database),
        new DirectoryEvidenceBlobs(dir.resolve("vault")),
        new EnvelopeCipher(masterKey),
        new RetentionPolicy(RetentionPolicy.DEFAULT, Map.of("GB", Period.ofMonths(6))),
        new AuditLog(auditStore, clock),
        clock);
  }

  private static byte[] key() {
    byte[] key = new byte[32];
    key[5] = 42;
    return key;
  }

  private static PreserveRequest upload(String jurisdiction) {
    return new PreserveRequest("default", "dec_1", "post-77", "image/png", jurisdiction, IMAGE);
  }

  private List<String> auditActions() {
    List<String> actions = new ArrayList<>();
    auditStore.forEach((AuditEntry entry) -> actions.add(entry.action()));
    return actions;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void preserve_thenRead_sameBytesEncryptedOnDiskOwnerOnlyAndAudited(TestDatabases.Kind kind)
      throws IOException {
    EvidenceVault vault = vault(kind, key());

    EvidenceItem item = vault.preserve(upload(null), "key:k1");
    byte[] read = vault.read("default", item.id(), "key:specialist");

    assertThat(read).isEqualTo(IMAGE);
    Path file = dir.resolve("vault").resolve(item.id() + ".bin");
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
        .doesNotContain("benign");
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.getPosixFilePermissions(dir.resolve("vault")))
        .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    assertThat(item.retainUntil()).isEqualTo(Instant.parse("2027-12-05T10:00:00Z"));
    assertThat(auditActions()).containsExactly("evidence.preserve", "evidence.read");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void preserve_sameBytesForSameSourceTwice_oneItemOneFile(TestDatabases.Kind kind)
      throws IOException {
    EvidenceVault vault = vault(kind, key());

    EvidenceItem first = vault.preserve(upload(null), "key:k1");
    EvidenceItem second = vault.preserve(upload(null), "key:k1");

    assertThat(second.id()).isEqualTo(first.id());
    try (Stream<Path> files = Files.list(dir.resolve("vault"))) {
      assertThat(files.count()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void read_anotherTenant_notFound(TestDatabases.Kind kind) {
    EvidenceVault vault = vault(kind, key());
    EvidenceItem item = vault.preserve(upload(null), "key:k1");

    assertThatThrownBy(() -> vault.read("other", item.id(), "key:x"))
        .isInstanceOf(VigilException.class)
        .hasMessageContaining("does not exist");
    assertThat(auditActions()).doesNotContain("evidence.read");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void read_fileReplacedByAnotherItemsCiphertext_integrityFailure(TestDatabases.Kind kind)
      throws IOException {
    EvidenceVault vault = vault(kind, key());
    EvidenceItem a = vault.preserve(upload(null), "key:k1");
    EvidenceItem b =
        vault.preserve(
            new PreserveRequest("default", "dec_2", null, "image/png", null, new byte[] {1, 2, 3}),
            "key:k1");
    Path vaultDir = dir.resolve("vault");
    Files.copy(
        vaultDir.resolve(b.id() + ".bin"),
        vaultDir.resolve(a.id() + ".bin"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> vault.read("default", a.id(), "key:s"))
        .isInstanceOf(EvidenceIntegrityException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void deleteExpired_beforeRetentionNothingAfterItDestroyedAndAudited(TestDatabases.Kind kind) {
    EvidenceVault vault = vault(kind, key());
    EvidenceItem uk = vault.preserve(upload("GB"), "key:k1");
    EvidenceItem us =
        vault.preserve(
            new PreserveRequest("default", "dec_9", null, "image/png", "US", IMAGE), "key:k1");

    clock.set(Instant.parse("2027-06-05T09:59:59Z"));
    assertThat(vault.deleteExpired()).isZero();

    clock.set(Instant.parse("2027-06-05T10:00:00Z"));
    assertThat(vault.deleteExpired()).isEqualTo(1);
    assertThat(vault.describe("default", uk.id()).deleted()).isTrue();
    assertThat(Files.exists(dir.resolve("vault").resolve(uk.id() + ".bin"))).isFalse();
    assertThatThrownBy(() -> vault.read("default", uk.id(), "key:s"))
        .isInstanceOf(VigilException.class)
        .hasMessageContaining("destroyed");
    assertThat(vault.read("default", us.id(), "key:s")).isEqualTo(IMAGE);
    assertThat(auditActions()).contains("evidence.delete");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void deleteExpired_heldItem_keptUntilReleasedAndPastItsDate(TestDatabases.Kind kind) {
    EvidenceVault vault = vault(kind, key());
    EvidenceItem item = vault.preserve(upload(null), "key:k1");
    vault.hold(
        "default",
        item.id(),
        "court case 2026-CV-17",
        Instant.parse("2028-01-01T00:00:00Z"),
        "key:admin");

    clock.set(Instant.parse("2027-12-06T00:00:00Z"));
    assertThat(vault.deleteExpired()).isZero();
    vault.release("default", item.id(), "key:admin");
    assertThat(vault.deleteExpired()).isZero();

    clock.set(Instant.parse("2028-01-01T00:00:00Z"));
    assertThat(vault.deleteExpired()).isEqualTo(1);
    assertThat(auditActions())
        .containsSubsequence("evidence.hold", "evidence.release", "evidence.delete");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void hold_withoutReason_refusedNamingTheField(TestDatabases.Kind kind) {
    EvidenceVault vault = vault(kind, key());
    EvidenceItem item = vault.preserve(upload(null), "key:k1");

    assertThatThrownBy(() -> vault.hold("default", item.id(), " ", null, "key:admin"))
        .isInstanceOf(VigilException.class)
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("reason");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void removeOrphans_blobWithoutRowOlderThanGrace_removedCommittedKept(TestDatabases.Kind kind)
      throws IOException {
    // Also a write a kill -9 cut short before its rename (old) and one still being written.
    EvidenceVault vault = vault(kind, key());
    EvidenceItem kept = vault.preserve(upload(null), "key:k1");
    // What a crash between the blob write and the row's commit leaves behind.
    Path vaultDir = dir.resolve("vault");
    Path orphan = vaultDir.resolve("ev_0123456789abcdef0123456789abcdef.bin");
    Path fresh = vaultDir.resolve("ev_fedcba9876543210fedcba9876543210.bin");
    Files.write(orphan, new byte[] {9});
    Files.write(fresh, new byte[] {9});
    Path cutShort = vaultDir.resolve("ev_00000000000000000000000000000001.tmp");
    Path writing = vaultDir.resolve("ev_00000000000000000000000000000002.tmp");
    Files.write(cutShort, new byte[] {9});
    Files.write(writing, new byte[] {9});
    Instant old = T0.minus(Duration.ofHours(1));
    Files.setLastModifiedTime(orphan, FileTime.from(old));
    Files.setLastModifiedTime(cutShort, FileTime.from(old));
    Files.setLastModifiedTime(vaultDir.resolve(kept.id() + ".bin"), FileTime.from(old));
    // Written within the grace period: a preservation that may still be committing.
    Files.setLastModifiedTime(fresh, FileTime.from(T0.minus(Duration.ofMinutes(1))));
    Files.setLastModifiedTime(writing, FileTime.from(T0.minus(Duration.ofMinutes(1))));

    assertThat(vault.removeOrphans()).isEqualTo(1);

    try (Stream<Path> files = Files.list(vaultDir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder(
              kept.id() + ".bin", fresh.getFileName().toString(), writing.getFileName().toString());
    }
    assertThat(vault.read("default", kept.id(), "key:s")).isEqualTo(IMAGE);
  }
}
