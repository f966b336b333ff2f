package org.vigil.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigil.app.VaultKeyFile;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.core.auth.Principal;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.evidence.EvidenceStore;
import org.vigil.core.evidence.EvidenceVault;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil vault}: the evidence vault's master keys (docs/evidence.md). */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    description = "The evidence vault's master keys.",
    subcommands = {VaultCommand.RotateKey.class, VaultCommand.Keys.class})
public final class VaultCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The vault's key files: options win over VIGIL_VAULT_KEY_FILE and ..._PREVIOUS_KEY_FILES. */
  static final class KeyOptions {
    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description =
            "The master key in use (env VIGIL_VAULT_KEY_FILE; default <data-dir>/vault.key).")
    Path keyFile;

    @Option(
        names = "--previous-key-file",
        paramLabel = "FILE",
        description =
            "An earlier master key that still wraps items (repeatable; env"
                + " VIGIL_VAULT_PREVIOUS_KEY_FILES, comma-separated).")
    List<Path> previousKeyFiles;

    VigilConfig apply(VigilConfig config) {
      if (keyFile != null) {
        config = config.withVaultKeyFile(keyFile);
      }
      if (previousKeyFiles != null) {
        config = config.withVault(config.vault().withPreviousKeyFiles(previousKeyFiles));
      }
      // Never mint a key here: a missing key file means the wrong directory or setting, and a
      // fresh key would open nothing.
      Path file = config.resolvedVaultKeyFile();
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(
            "the vault's master key file "
                + file
                + " does not exist (VIGIL_VAULT_KEY_FILE or --key-file); the vault needs the key"
                + " that wraps its items");
      }
      return config;
    }
  }

  /** {@code vigil vault rotate-key --new-key-file FILE}. */
  @Command(
      name = "rotate-key",
      mixinStandardHelpOptions = true,
      description = {
        "Re-wrap every evidence item's data key under a new master key (the media is not"
            + " re-encrypted). Safe to interrupt and run again: items already under the new key"
            + " are skipped.",
        "Online, while servers run: first restart them with VIGIL_VAULT_KEY_FILE=NEW and"
            + " VIGIL_VAULT_PREVIOUS_KEY_FILES=OLD, then run this with the same settings and"
            + " --new-key-file NEW.",
        "Offline: stop every server, run this with --new-key-file NEW --servers-stopped, then"
            + " start them with VIGIL_VAULT_KEY_FILE=NEW."
      })
  static final class RotateKey implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @Mixin KeyOptions keys = new KeyOptions();

    @Option(
        names = "--new-key-file",
        required = true,
        paramLabel = "FILE",
        description = "The new master key: 64 hex characters (openssl rand -hex 32 > FILE).")
    Path newKeyFile;

    @Option(
        names = "--servers-stopped",
        description =
            "Confirms that no server runs on this vault: needed when the new key is not the one"
                + " the configuration names (servers holding only the old key could not read the"
                + " items once re-wrapped).")
    boolean serversStopped;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      VigilConfig config = keys.apply(state.config(System.getenv()));
      state.requireExisting(config);
      byte[] target = VaultKeyFile.load(newKeyFile, "--new-key-file");
      String targetId = EnvelopeCipher.keyId(target);
      String currentId = EnvelopeCipher.keyId(VaultKeyFile.loadOrCreate(config));
      List<String> previousIds = new ArrayList<>();
      for (byte[] previous : VaultKeyFile.loadPrevious(config)) {
        previousIds.add(EnvelopeCipher.keyId(previous));
      }
      if (targetId.equals(currentId) && previousIds.stream().allMatch(targetId::equals)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--new-key-file "
                + newKeyFile
                + " holds the master key already in use ("
                + targetId
                + ", "
                + config.resolvedVaultKeyFile()
                + ") and no previous key is set: nothing to rotate; make a new key with"
                + " openssl rand -hex 32");
      }
      if (!targetId.equals(currentId) && previousIds.contains(targetId)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--new-key-file "
                + newKeyFile
                + " holds a previous master key ("
                + targetId
                + "); rotate to a new key");
      }
      if (!targetId.equals(currentId) && !serversStopped) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "the new key "
                + targetId
                + " is not the one servers hold ("
                + currentId
                + "): a server running now could not read the items once re-wrapped. Stop every"
                + " server and add --servers-stopped, or rotate online: restart the servers with"
                + " VIGIL_VAULT_KEY_FILE="
                + newKeyFile
                + " and VIGIL_VAULT_PREVIOUS_KEY_FILES="
                + config.resolvedVaultKeyFile()
                + ", then run this again with the same settings (docs/evidence.md)");
      }
      try (VigilApp app = VigilApp.open(config, Clock.systemUTC())) {
        EvidenceVault vault = app.evidence();
        List<String> missing = new ArrayList<>(vault.missingMasterKeys());
        missing.remove(targetId);
        if (!missing.isEmpty()) {
          throw new IllegalStateException(
              "evidence items are wrapped by master key "
                  + String.join(", ", missing)
                  + ", which no key given holds; add its file with --previous-key-file (or"
                  + " VIGIL_VAULT_PREVIOUS_KEY_FILES)");
        }
        EvidenceVault.KeyRotation rotation =
            vault.rotateMasterKey(new EnvelopeCipher(target), Principal.local("cli").actor());
        spec.commandLine()
            .getOut()
            .printf(
                "rotated: %d items re-wrapped from %s to %s (%d changed meanwhile, %d failed);"
                    + " %d items left under other keys%n",
                rotation.rewrapped(),
                rotation.from().isEmpty() ? "-" : String.join(",", rotation.from()),
                rotation.to(),
                rotation.skipped(),
                rotation.failed().size(),
                rotation.remaining());
        if (!rotation.failed().isEmpty()) {
          spec.commandLine()
              .getErr()
              .println(
                  "vigil: "
                      + rotation.failed().size()
                      + " items could not be unwrapped by any key given ("
                      + String.join(", ", rotation.from())
                      + ") and keep their old key: "
                      + String.join(
                          " ", rotation.failed().subList(0, Math.min(10, rotation.failed().size())))
                      + (rotation.failed().size() > 10 ? " ..." : "")
                      + "; add the key that wraps them with --previous-key-file and run again");
          return 1;
        }
        if (rotation.remaining() > 0) {
          // Items preserved meanwhile under an old key (a server not yet restarted with the new
          // one): another run moves them.
          spec.commandLine()
              .getOut()
              .println(
                  "some items are still under an old key: a server still seals with it; restart"
                      + " it with the new key, then run this again");
          return 1;
        }
        spec.commandLine()
            .getOut()
            .println(
                targetId.equals(currentId)
                    ? "every item is under "
                        + targetId
                        + ": VIGIL_VAULT_PREVIOUS_KEY_FILES may go at the next restart"
                    : "every item is under "
                        + targetId
                        + ": start the servers with VIGIL_VAULT_KEY_FILE="
                        + newKeyFile
                        + " (they refuse to start with the old key)");
        return 0;
      }
    }
  }

  /** {@code vigil vault keys}: which master keys wrap how many items. */
  @Command(
      name = "keys",
      mixinStandardHelpOptions = true,
      description =
          "List the master key ids that wrap evidence items, with counts, and which of them the"
              + " configuration holds (ids only, never keys).")
  static final class Keys implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @Mixin KeyOptions keys = new KeyOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      VigilConfig config = keys.apply(state.config(System.getenv()));
      state.requireExisting(config);
      EnvelopeCipher held = VaultKeyFile.cipher(config);
      try (VigilApp app = VigilApp.open(config, Clock.systemUTC())) {
        for (EvidenceStore.KeyCount count : app.evidence().itemsByMasterKey()) {
          String id = count.keyId();
          String status =
              id == null
                  ? "no key id (preserved before key ids; any held key is tried)"
                  : id.equals(held.keyId()) ? "current" : held.holds(id) ? "previous" : "NOT HELD";
          spec.commandLine()
              .getOut()
              .printf("%s\t%d\t%s%n", id == null ? "-" : id, count.items(), status);
        }
      }
      return 0;
    }
  }
}
