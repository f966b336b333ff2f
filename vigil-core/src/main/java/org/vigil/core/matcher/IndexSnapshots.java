package org.vigil.core.matcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.banks.BankService;

/**
 * A directory of index snapshots ({@link IndexSnapshotFile}): written periodically by a server,
 * restored by a server starting up (docs/kafka.md, "Index snapshots").
 *
 * <p>Why it is exact: a snapshot records the change-log position S its indexes reflect, read before
 * the indexes are, so every change up to S is in it; changes after S that happened to be applied
 * while it was written may be in it too. A restore installs the indexes and applies the change log
 * after S. A change applied twice is harmless: a signal is added by its id (adding it again
 * replaces it), a removal or a bank's settings are read from the store when applied. The change log
 * in the database is never pruned, so it always reaches back to S.
 *
 * <p>The newest two snapshots are kept. Several servers may write into one shared directory: each
 * writes under a temporary name and moves the file into place; two snapshots at the same position
 * are equally valid.
 */
public final class IndexSnapshots {

  private static final Logger LOG = LoggerFactory.getLogger(IndexSnapshots.class);
  private static final Pattern NAME = Pattern.compile("index-(\\d{20})\\.snapshot");
  private static final int KEEP = 2;

  private final Path dir;
  private final BankMatcher matcher;
  private final BankService banks;
  private final Clock clock;
  private volatile long lastWritten = -1;

  public IndexSnapshots(Path dir, BankMatcher matcher, BankService banks, Clock clock) {
    this.dir = dir;
    this.matcher = matcher;
    this.banks = banks;
    this.clock = clock;
  }

  public Path dir() {
    return dir;
  }

  /**
   * A snapshot written.
   *
   * @param signals signals in it
   */
  public record Written(Path file, long changeSeq, long signals, Duration took) {}

  /**
   * A snapshot restored.
   *
   * @param changeSeq the change-log position it reflected
   * @param positions the {@code vigil.banks} offsets it recorded (where the follower resumes)
   * @param signals signals it held
   * @param caughtUp changes applied from the log after it
   */
  public record Restored(
      Path file,
      long changeSeq,
      Map<String, Long> positions,
      long signals,
      int caughtUp,
      Duration took) {}

  /**
   * Writes a snapshot of this server's indexes, unless the newest one written here is at the same
   * change-log position.
   *
   * @param positions the {@code vigil.banks} offsets read so far (read before the position and the
   *     indexes, so every message before them is reflected)
   */
  public Optional<Written> write(Supplier<Map<String, Long>> positions) throws IOException {
    long started = System.nanoTime();
    Map<String, Long> offsets = Map.copyOf(positions.get());
    long seq = banks.appliedChangeSeq();
    if (seq == lastWritten && Files.isRegularFile(file(seq))) {
      return Optional.empty();
    }
    if (!Files.isDirectory(dir)) {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(
            dir,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    IndexSnapshotFile.Header header =
        new IndexSnapshotFile.Header(
            seq, banks.changeFingerprint(seq), offsets, clock.instant(), 0);
    Path file = file(seq);
    long signals = IndexSnapshotFile.write(file, header, matcher);
    lastWritten = seq;
    prune();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    LOG.info(
        "index snapshot at bank change {}: {} signals in {} ms ({})",
        seq,
        signals,
        took.toMillis(),
        file.getFileName());
    return Optional.of(new Written(file, seq, signals, took));
  }

  /**
   * Fills the matcher from the newest snapshot that suits this database and applies the change log
   * after it. Empty when there is none (or none suits: then the caller loads from the store); a
   * snapshot that is unreadable, corrupt or from another database is skipped with a warning.
   */
  public Optional<Restored> restore() {
    long started = System.nanoTime();
    long last = banks.lastChangeSeq();
    for (Path file : newestFirst()) {
      try {
        IndexSnapshotFile.Header header = IndexSnapshotFile.readHeader(file);
        if (header.changeSeq() > last
            || !header.fingerprint().equals(banks.changeFingerprint(header.changeSeq()))) {
          LOG.warn(
              "index snapshot {} is not of this database's bank change log (taken on another"
                  + " database, or before a backup was restored); skipped",
              file);
          continue;
        }
        IndexSnapshotFile.Contents contents = IndexSnapshotFile.read(file);
        long signals = 0;
        for (BankMatcher.BankIndexes indexes : contents.banks()) {
          signals += indexes.pdq.size() + indexes.md5.size() + indexes.sha256.size();
          signals += indexes.tmk.size();
        }
        // vPDQ text is not in the snapshot (the index keeps frames only): read each from the store.
        Map<String, BankMatcher.BankIndexes> byName = new java.util.HashMap<>();
        contents.banks().forEach(b -> byName.put(b.bank.name(), b));
        for (IndexSnapshotFile.VpdqRef ref : contents.vpdq()) {
          Optional<org.vigil.core.banks.Signal> signal = banks.findSignal(ref.bank(), ref.id());
          if (signal.isPresent()) {
            BankMatcher.addTo(byName.get(ref.bank()), signal.get());
            signals++;
          }
        }
        matcher.installAll(contents.banks());
        int caughtUp = banks.catchUpFrom(header.changeSeq());
        lastWritten = header.changeSeq();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info(
            "index restored from {} (bank change {}, {} signals) and {} later changes in {} ms",
            file.getFileName(),
            header.changeSeq(),
            signals,
            caughtUp,
            took.toMillis());
        return Optional.of(
            new Restored(file, header.changeSeq(), header.positions(), signals, caughtUp, took));
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "index snapshot {} cannot be used ({}); trying an older one", file, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The snapshot files, newest change-log position first. */
  public List<Path> newestFirst() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (var list = Files.list(dir)) {
      list.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(files::add);
    } catch (IOException e) {
      LOG.warn("cannot list index snapshots in {}: {}", dir, e.getMessage());
      return List.of();
    }
    files.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
    return files;
  }

  private void prune() {
    List<Path> files = newestFirst();
    for (int i = KEEP; i < files.size(); i++) {
      try {
        Files.deleteIfExists(files.get(i));
      } catch (IOException e) {
        LOG.warn("cannot delete old index snapshot {}: {}", files.get(i), e.getMessage());
      }
    }
  }

  private Path file(long seq) {
    return dir.resolve(String.format(java.util.Locale.ROOT, "index-%020d.snapshot", seq));
  }
}
