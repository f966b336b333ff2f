package org.vigil.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vigil.core.evidence.EvidenceBlobs;

/**
 * Ciphertexts as files in one owner-only directory ({@code <data-dir>/vault} by default), named by
 * item id. A write goes to a temporary file, is forced to disk, renamed into place and the
 * directory forced too, so after a crash a blob is either whole or absent.
 */
public final class DirectoryEvidenceBlobs implements EvidenceBlobs {

  private static final Pattern ID = Pattern.compile("ev_[0-9a-f]{32}");
  private static final String SUFFIX = ".bin";
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path directory;

  public DirectoryEvidenceBlobs(Path directory) {
    this.directory = directory;
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory);
      }
      setOwnerOnly(directory, "rwx------");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the evidence vault at " + directory, e);
    }
  }

  @Override
  public void put(String id, byte[] ciphertext) {
    Path target = file(id);
    if (Files.exists(target)) {
      return;
    }
    Path temp = directory.resolve(id + TEMP_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        setOwnerOnly(temp, "rw-------");
        ByteBuffer buffer = ByteBuffer.wrap(ciphertext);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write evidence " + id + " to " + directory, e);
    }
  }

  @Override
  public Optional<byte[]> get(String id) {
    try {
      return Optional.of(Files.readAllBytes(file(id)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read evidence " + id, e);
    }
  }

  @Override
  public boolean delete(String id) {
    try {
      boolean deleted = Files.deleteIfExists(file(id));
      if (deleted) {
        forceDirectory();
      }
      return deleted;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete evidence " + id, e);
    }
  }

  @Override
  public Set<String> idsOlderThan(Instant instant) {
    Set<String> ids = new HashSet<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        String name = path.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
          continue;
        }
        String id = name.substring(0, name.length() - SUFFIX.length());
        if (ID.matcher(id).matches()
            && Files.getLastModifiedTime(path).toInstant().isBefore(instant)) {
          ids.add(id);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the evidence vault " + directory, e);
    }
    return ids;
  }

  /**
   * Deletes temporary files older than {@code instant}: a kill -9 during {@link #put} leaves one,
   * and nothing renames it afterwards (the row that would reference it was never written).
   */
  @Override
  public int removeIncomplete(Instant instant) {
    int removed = 0;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        String name = path.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX)
            && ID.matcher(name.substring(0, name.length() - TEMP_SUFFIX.length())).matches()
            && Files.getLastModifiedTime(path).toInstant().isBefore(instant)
            && Files.deleteIfExists(path)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the evidence vault " + directory, e);
    }
    return removed;
  }

  private Path file(String id) {
    // Ids come from the vault itself; the check keeps a forged id from naming another path.
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an evidence id: " + id);
    }
    return directory.resolve(id + SUFFIX);
  }

  private void forceDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory for fsync; the rename is still atomic there.
    }
  }

  private static void setOwnerOnly(Path path, String permissions) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }
}
