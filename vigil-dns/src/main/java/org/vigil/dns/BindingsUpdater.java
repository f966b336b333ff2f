package org.vigil.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.RestrictedClients;

/**
 * Keeps a resolver's bindings in step with the registry: reads the restricted clients at the
 * clock's now, and when the generated files differ from the last ones written (an order started or
 * ended, a subscriber's address moved), writes them atomically and runs the reload command.
 * Generated files carry no timestamp, so an unchanged client list never causes a reload.
 */
public final class BindingsUpdater {
  private static final Logger LOG = LoggerFactory.getLogger(BindingsUpdater.class);

  private final ResolverBindings bindings;
  private final RestrictedClients clients;
  private final Clock clock;
  private final Path directory;
  private final List<String> reloadCommand;
  private final InetSocketAddress resolver;
  private volatile RestrictedClientIndex current = RestrictedClientIndex.of(List.of());
  private Map<String, String> written;

  /**
   * @param reloadCommand program and arguments run after a change; empty to run nothing
   * @param resolver the resolver's address for NOTIFY, or null to send none
   */
  public BindingsUpdater(
      ResolverBindings bindings,
      RestrictedClients clients,
      Clock clock,
      Path directory,
      List<String> reloadCommand,
      InetSocketAddress resolver) {
    this.bindings = Objects.requireNonNull(bindings, "bindings");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.reloadCommand = List.copyOf(reloadCommand);
    this.resolver = resolver;
  }

  /**
   * Regenerates the bindings for now.
   *
   * @return true when the files changed (and the reload command ran)
   */
  public synchronized boolean refresh() {
    RestrictedClientIndex index = RestrictedClientIndex.of(clients.activeAt(clock.instant()));
    Map<String, String> files = bindings.files(index);
    current = index;
    if (files.equals(written)) {
      return false;
    }
    try {
      Files.createDirectories(directory);
      for (Map.Entry<String, String> file : files.entrySet()) {
        writeAtomically(directory.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write resolver bindings to " + directory, e);
    }
    written = files;
    LOG.info(
        "resolver bindings regenerated in {}: {} restricted address(es)",
        directory,
        index.entries().size());
    runReload();
    return true;
  }

  /** The restricted clients as of the last refresh. */
  public RestrictedClientIndex current() {
    return current;
  }

  /** NOTIFY targets for a changed zone of {@code category}, for the last-written bindings. */
  public List<ResolverBindings.NotifyTarget> notifyTargets(ServiceCategory category) {
    if (resolver == null) {
      return List.of();
    }
    return bindings.notifyTargets(category, current, resolver);
  }

  private void runReload() {
    if (reloadCommand.isEmpty()) {
      return;
    }
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(reloadCommand)).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        LOG.error("reload command {} timed out", reloadCommand);
      } else if (process.exitValue() != 0) {
        LOG.error(
            "reload command {} failed with {}: {}", reloadCommand, process.exitValue(), output);
      } else {
        LOG.info("reload command {} ok", reloadCommand);
      }
    } catch (IOException e) {
      LOG.error("reload command {} could not run: {}", reloadCommand, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void writeAtomically(Path target, String content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    try {
      // The files hold derived TSIG secrets and subscribers' addresses: owner and group only.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r-----"));
    } catch (UnsupportedOperationException e) {
      LOG.debug("no POSIX permissions on {}", temp);
    }
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
