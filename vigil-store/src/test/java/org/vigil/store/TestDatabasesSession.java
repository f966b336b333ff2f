package org.vigil.store;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared test PostgreSQL server ({@link TestDatabases}) when the JUnit launcher session
 * ends: after the last test of the JVM, before Surefire's fork exits. Registered through {@code
 * META-INF/services}, so every module whose tests use {@link TestDatabases} (through this module's
 * test jar) gets it too.
 */
public final class TestDatabasesSession implements LauncherSessionListener {

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    TestDatabases.stop();
  }
}
