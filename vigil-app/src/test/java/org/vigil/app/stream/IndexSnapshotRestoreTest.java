package org.vigil.app.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.app.StreamSettings;
import org.vigil.app.TestDirs;
import org.vigil.app.TestServer;
import org.vigil.app.VigilApp;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.banks.BankSettings;
import org.vigil.core.matcher.IndexSnapshots;
import org.vigil.core.matcher.ScanHashes;
import org.vigil.hash.PdqHash;
import org.vigil.store.TestDatabases;
import org.vigil.stream.BankChangeFollower;
import org.vigil.stream.TestBroker;

/**
 * Index snapshots (docs/kafka.md, "Index snapshots") on a real Kafka broker and a real PostgreSQL:
 * a worker writes one, bank changes go on, and a fresh worker restores it, applies the change log
 * after it, resumes {@code vigil.banks} at the recorded offsets and matches every signal, those
 * from before the snapshot and those from after, each indexed once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IndexSnapshotRestoreTest {

  private static TestBroker broker;

  @TempDir Path snapshots;

  @BeforeAll
  static void startBroker() {
    broker = new TestBroker();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private StreamSettings workerSettings() {
    // Snapshots are written by hand here; the periodic job's interval only has to be non-zero.
    return new StreamSettings(broker.bootstrap(), StreamSettings.Role.WORKER, 4, 2)
        .withSnapshots(snapshots, Duration.ofHours(1));
  }

  /** A worker process: its own wiring and index over the shared database, no HTTP. */
  private VigilApp worker(String dbUrl) throws Exception {
    return VigilApp.open(
        TestServer.config(dbUrl, TestDirs.create("vigil-worker")), Clock.systemUTC());
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static String pdq(Random random) {
    return new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong())
        .toHex();
  }

  private static boolean matches(VigilApp app, String pdq) {
    return !app.matcher()
        .match(new ScanHashes(PdqHash.fromHex(pdq), -1, null, null), true)
        .isEmpty();
  }

  private static boolean matchesMd5(VigilApp app, String md5) {
    return !app.matcher().match(new ScanHashes(null, -1, md5, null), true).isEmpty();
  }

  private static void addSignal(TestServer api, String bank, String type, String value) {
    TestServer.Reply reply =
        api.send(
            "POST",
            "/v1/banks/" + bank + "/signals",
            api.adminKey,
            "{\"type\":\"" + type + "\",\"value\":\"" + value + "\"}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
  }

  @Test
  void freshWorker_fromSnapshot_matchesSignalsBeforeAndAfterIt_eachIndexedOnce() throws Exception {
    String db = TestDatabases.postgresUrl();
    Random random = new Random(20);
    try (TestServer api =
        TestServer.withKafka(
            db, new StreamSettings(broker.bootstrap(), StreamSettings.Role.API, 4, 2))) {
      api.send("POST", "/v1/banks", api.adminKey, "{\"name\":\"known\",\"action\":\"block\"}");
      StringBuilder csv = new StringBuilder("type,value\n");
      List<String> imported = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        imported.add(pdq(random));
        csv.append("pdq,").append(imported.get(i)).append('\n');
      }
      api.app()
          .banks()
          .importSignals(
              "known",
              new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
              false,
              "test",
              Principal.local("test"));
      String removedLater = pdq(random);
      addSignal(api, "known", "pdq", removedLater);
      addSignal(api, "known", "md5", "0123456789abcdef0123456789abcdef");

      // The first worker starts from the database (no snapshot yet) and writes one.
      IndexSnapshots.Written written;
      Map<String, Long> recorded;
      try (VigilApp first = worker(db)) {
        assertThat(first.loadBanks(workerSettings())).isEmpty();
        first.startKafka(workerSettings());
        BankChangeFollower follower = first.bankFollower();
        await("the first worker positioned on vigil.banks", () -> !follower.positions().isEmpty());
        written = first.snapshots(workerSettings()).write(follower::positions).orElseThrow();
        recorded = follower.positions();
      }
      assertThat(written.signals()).isEqualTo(3002);
      assertThat(written.changeSeq()).isEqualTo(api.app().banks().lastChangeSeq());
      // Every bank's hashes: readable by the owner only.
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(written.file())))
          .isEqualTo("rw-------");

      // After the snapshot: two additions, a removal, a new bank with a signal (5 changes).
      String after = pdq(random);
      addSignal(api, "known", "pdq", after);
      addSignal(api, "known", "md5", "fedcba9876543210fedcba9876543210");
      long removedId =
          api.app().banks().listSignals("known", 0, 10_000, Principal.local("test")).stream()
              .filter(s -> s.value().equals(removedLater))
              .findFirst()
              .orElseThrow()
              .id();
      assertThat(
              api.send("DELETE", "/v1/banks/known/signals/" + removedId, api.adminKey, null)
                  .status())
          .isEqualTo(204);
      api.send("POST", "/v1/banks", api.adminKey, "{\"name\":\"late\",\"action\":\"review\"}");
      String late = pdq(random);
      addSignal(api, "late", "pdq", late);

      try (VigilApp fresh = worker(db)) {
        Optional<IndexSnapshots.Restored> restored = fresh.loadBanks(workerSettings());
        assertThat(restored).isPresent();
        assertThat(restored.get().changeSeq()).isEqualTo(written.changeSeq());
        assertThat(restored.get().signals()).isEqualTo(3002);
        // Exactly the five later changes were applied: none from before the snapshot again.
        assertThat(restored.get().caughtUp()).isEqualTo(5);
        assertThat(restored.get().positions()).isEqualTo(recorded);

        fresh.startKafka(workerSettings());
        BankChangeFollower follower = fresh.bankFollower();
        await("the fresh worker positioned", () -> !follower.startedAt().isEmpty());
        assertThat(follower.startedAt()).isEqualTo(recorded);
        // It reads the five messages published since the snapshot; each names a change the
        // catch-up applied already, so none makes it read the change log again.
        String partition = BankChangeFollower.positionKey(0);
        long end = recorded.get(partition) + 5;
        await(
            "the messages since the snapshot read",
            () -> Long.valueOf(end).equals(follower.positions().get(partition)));
        assertThat(follower.messagesRead()).isEqualTo(5);
        assertThat(follower.syncsRun()).isZero();

        for (int i = 0; i < imported.size(); i += 97) {
          assertThat(matches(fresh, imported.get(i))).as("imported %d", i).isTrue();
        }
        assertThat(matches(fresh, after)).isTrue();
        assertThat(matches(fresh, late)).isTrue();
        assertThat(matches(fresh, removedLater)).isFalse();
        assertThat(matchesMd5(fresh, "0123456789abcdef0123456789abcdef")).isTrue();
        assertThat(matchesMd5(fresh, "fedcba9876543210fedcba9876543210")).isTrue();
        // Each signal once: the index holds exactly what the database holds.
        assertThat(fresh.matcher().size("known"))
            .isEqualTo(api.app().banks().countSignals("known"))
            .isEqualTo(3003);
        assertThat(fresh.matcher().size("late")).isEqualTo(1);

        // And a scan through the queue on the restored worker matches a post-snapshot signal.
        String platform = api.key(Role.PLATFORM);
        TestServer.Reply queued =
            api.send(
                "POST",
                "/v1/scan?async=true",
                platform,
                "{\"hashes\":{\"pdq\":\"" + after + "\"},\"context\":{\"contentId\":\"p-1\"}}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        String requestId = queued.json().get("requestId").asText();
        await(
            "the queued scan decided",
            () ->
                api.send("GET", "/v1/scan/requests/" + requestId, platform, null)
                    .json()
                    .get("status")
                    .asText()
                    .equals("decided"));
        assertThat(
                api.send("GET", "/v1/scan/requests/" + requestId, platform, null)
                    .json()
                    .get("decision")
                    .get("verdict")
                    .asText())
            .isEqualTo("block");
      }
    }
  }

  @Test
  void snapshot_holdingChangesAfterItsPosition_restoresEachSignalOnce() throws Exception {
    String db = TestDatabases.postgresUrl();
    Random random = new Random(21);
    List<String> added = new ArrayList<>();
    try (VigilApp node = worker(db)) {
      // A node without the periodic sync: changes it makes itself are in its index at once, while
      // the change-log position it reflects stays where the load left it.
      node.banks().loadAll();
      node.banks()
          .create("own", new BankSettings("", null, "block", true), Principal.local("test"));
      long position = node.banks().appliedChangeSeq();
      for (int i = 0; i < 3; i++) {
        added.add(pdq(random));
        node.banks().addSignal("own", "pdq", added.get(i), null, null, null, Principal.local("t"));
      }
      IndexSnapshots.Written written =
          node.snapshots(workerSettings()).write(Map::of).orElseThrow();
      assertThat(written.changeSeq()).isEqualTo(position);
      assertThat(written.signals()).isEqualTo(3);
      assertThat(node.banks().lastChangeSeq()).isGreaterThan(position);
    }
    try (VigilApp fresh = worker(db)) {
      IndexSnapshots.Restored restored = fresh.loadBanks(workerSettings()).orElseThrow();
      // The catch-up applies the additions the snapshot already holds: replaced by id, not doubled.
      assertThat(restored.caughtUp()).isEqualTo(4);
      assertThat(fresh.matcher().size("own")).isEqualTo(3);
      for (String pdq : added) {
        assertThat(matches(fresh, pdq)).isTrue();
      }
    }
  }

  @Test
  void restore_corruptSnapshot_isSkipped_andTheIndexLoadsFromTheDatabase() throws Exception {
    String db = TestDatabases.postgresUrl();
    Random random = new Random(22);
    String signal = pdq(random);
    try (VigilApp node = worker(db)) {
      node.banks().loadAll();
      node.banks()
          .create("own", new BankSettings("", null, "block", true), Principal.local("test"));
      node.banks().addSignal("own", "pdq", signal, null, null, null, Principal.local("t"));
      node.banks().syncFromStore();
      Path file = node.snapshots(workerSettings()).write(Map::of).orElseThrow().file();
      // One bit of the stored PDQ code: only the checksum can tell.
      byte[] bytes = Files.readAllBytes(file);
      byte[] w0 = java.nio.ByteBuffer.allocate(8).putLong(PdqHash.fromHex(signal).w0()).array();
      int at = indexOf(bytes, w0);
      assertThat(at).isPositive();
      bytes[at] ^= 0x40;
      Files.write(file, bytes);
    }
    try (VigilApp fresh = worker(db)) {
      assertThat(fresh.loadBanks(workerSettings())).isEmpty();
      assertThat(matches(fresh, signal)).isTrue();
      assertThat(fresh.matcher().size("own")).isEqualTo(1);
    }
  }

  @Test
  void snapshot_withVideoSignals_restoresVpdqAndTmkMatches() throws Exception {
    Path clip = snapshots.getParent().resolve("snapshot-clip-" + System.nanoTime() + ".mp4");
    java.util.List<String> command =
        new ArrayList<>(
            List.of(
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-nostdin",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-t",
                "4",
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p",
                clip.toString()));
    Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ffmpeg.waitFor()).as(output).isZero();
    org.vigil.hash.video.Ffmpeg tools = org.vigil.hash.video.Ffmpeg.fromEnvironment();
    org.vigil.hash.video.VpdqHash vpdq =
        new org.vigil.hash.video.VpdqHasher(tools, org.vigil.hash.video.VideoLimits.DEFAULT)
            .hash(clip, 1.0);
    org.vigil.hash.video.TmkFeatures tmk =
        new org.vigil.hash.video.TmkHasher(tools, org.vigil.hash.video.VideoLimits.DEFAULT)
            .hash(clip);
    Files.deleteIfExists(clip);
    String db = TestDatabases.postgresUrl();
    try (VigilApp node = worker(db)) {
      node.banks().loadAll();
      node.banks()
          .create("videos", new BankSettings("", null, "block", true), Principal.local("t"));
      node.banks()
          .addSignal("videos", "vpdq", vpdq.toText(), null, null, null, Principal.local("t"));
      node.banks()
          .addSignal(
              "videos",
              "tmk",
              java.util.Base64.getEncoder().encodeToString(tmk.toBytes()),
              null,
              null,
              null,
              Principal.local("t"));
      node.banks().syncFromStore();
      assertThat(node.snapshots(workerSettings()).write(Map::of).orElseThrow().signals())
          .isEqualTo(2);
    }
    try (VigilApp fresh = worker(db)) {
      IndexSnapshots.Restored restored = fresh.loadBanks(workerSettings()).orElseThrow();
      assertThat(restored.caughtUp()).isZero();
      assertThat(restored.signals()).isEqualTo(2);
      assertThat(fresh.matcher().matchVideo(vpdq, tmk))
          .extracting(m -> m.match().type().wireName())
          .containsExactlyInAnyOrder("vpdq", "tmk");
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void restore_snapshotOfAnotherDatabase_isSkipped() throws Exception {
    Random random = new Random(23);
    try (VigilApp other = worker(TestDatabases.postgresUrl())) {
      other.banks().loadAll();
      other
          .banks()
          .create("elsewhere", new BankSettings("", null, "block", true), Principal.local("t"));
      other
          .banks()
          .addSignal("elsewhere", "pdq", pdq(random), null, null, null, Principal.local("t"));
      other.banks().syncFromStore();
      other.snapshots(workerSettings()).write(Map::of).orElseThrow();
    }
    String db = TestDatabases.postgresUrl();
    try (VigilApp node = worker(db)) {
      node.banks().loadAll();
      node.banks().create("here", new BankSettings("", null, "block", true), Principal.local("t"));
      node.banks().create("also", new BankSettings("", null, "review", true), Principal.local("t"));
    }
    try (VigilApp fresh = worker(db)) {
      // The other database's log is as long, but its entry at that position differs.
      assertThat(fresh.loadBanks(workerSettings())).isEmpty();
      assertThat(fresh.matcher().size("elsewhere")).isZero();
      assertThat(fresh.banks().list()).extracting(b -> b.name()).contains("here", "also");
    }
  }
}
