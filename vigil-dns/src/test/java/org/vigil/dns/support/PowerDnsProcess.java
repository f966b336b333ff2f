package org.vigil.dns.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** pdns_recursor in the foreground on 127.0.0.1, forwarding everything to the test authority. */
public final class PowerDnsProcess extends ResolverProcess {
  private final Path bindings;
  private final InetSocketAddress forwarder;

  public PowerDnsProcess(Path directory, InetSocketAddress forwarder, Path bindingsDirectory) {
    super(directory, FreePorts.next());
    this.bindings = bindingsDirectory;
    this.forwarder = forwarder;
  }

  /** Writes recursor.conf. */
  public void configure() throws IOException {
    String conf =
        "local-address=127.0.0.1\n"
            + "local-port="
            + port
            + "\n"
            + "allow-from=127.0.0.0/8\n"
            + "daemon=no\n"
            + "write-pid=no\n"
            + "socket-dir="
            + directory
            + "\n"
            + "dnssec=off\n"
            + "threads=1\n"
            + "quiet=no\n"
            + "loglevel=6\n"
            + "forward-zones-recurse=.="
            + forwarder.getAddress().getHostAddress()
            + ":"
            + forwarder.getPort()
            + "\n"
            + "dont-query=\n"
            + "lua-config-file="
            + bindings.resolve("vigil-rpz.lua")
            + "\n"
            + "lua-dns-script="
            + bindings.resolve("vigil-policy.lua")
            + "\n";
    Files.writeString(directory.resolve("recursor.conf"), conf);
  }

  /** Reloads the per-client policy script (what changes when orders change). */
  public List<String> reloadCommand() {
    return List.of("rec_control", "--socket-dir=" + directory, "reload-lua-script");
  }

  /** Re-reads the RPZ configuration, which makes the recursor transfer the zones again. */
  public List<String> reloadLuaConfigCommand() {
    return List.of("rec_control", "--socket-dir=" + directory, "reload-lua-config");
  }

  @Override
  protected List<String> command() {
    return List.of("pdns_recursor", "--config-dir=" + directory);
  }

  @Override
  protected String logName() {
    return "recursor.log";
  }
}
