package org.vigil.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories for tests that need a real one outside JUnit's {@code @TempDir} (a server's
 * data directory, a key shared by every server of the JVM), deleted with what they hold when the
 * test JVM exits. Why: each test server left its data directory in /tmp, about a hundred a CI run.
 */
public final class TestDirs {

  private static final List<Path> CREATED = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TestDirs::deleteAll, "test-dirs-cleanup"));
  }

  private TestDirs() {}

  /** A new empty directory in the system's temporary directory, deleted when the JVM exits. */
  public static Path create(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      synchronized (CREATED) {
        CREATED.add(dir);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteAll() {
    List<Path> dirs;
    synchronized (CREATED) {
      dirs = List.copyOf(CREATED);
    }
    for (Path dir : dirs) {
      try (Stream<Path> tree = Files.walk(dir)) {
        for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException | UncheckedIOException e) {
        // A file still being written by a thread the exit interrupted: leave it to the OS's /tmp
        // cleaning rather than fail the build at exit.
      }
    }
  }
}
