package org.vigil.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running the PostgreSQL tools as child processes. */
final class Processes {

  private Processes() {}

  /** The user id this JVM runs as. */
  static int uid() {
    try {
      return (Integer)
          Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  /**
   * The command, prefixed with {@code unshare -U} when running as root: PostgreSQL refuses to run
   * as root, and in a fresh user namespace it runs as an unprivileged user while the files it
   * creates still belong to the real user (the same trick zonky's test launcher uses).
   */
  static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    if (uid() == 0) {
      command.add("unshare");
      command.add("-U");
    }
    command.addAll(args);
    return command;
  }

  /**
   * Runs the command to completion and returns its combined output.
   *
   * @throws StoreException when it fails or outlives {@code timeoutSeconds}
   */
  static String run(List<String> args, long timeoutSeconds) {
    List<String> command = command(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new StoreException(args.get(0) + " did not finish in " + timeoutSeconds + " s", null);
      }
      String text = new String(output, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        throw new StoreException(
            Path.of(args.get(0)).getFileName()
                + " failed (exit "
                + process.exitValue()
                + "): "
                + text,
            null);
      }
      return text;
    } catch (IOException e) {
      throw new StoreException("cannot run " + args.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while running " + args.get(0), e);
    }
  }
}
