package org.vigil.dns.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** unbound in the foreground on 127.0.0.1, forwarding everything to the test authority. */
public final class UnboundProcess extends ResolverProcess {
  private final Path bindings;
  private final InetSocketAddress forwarder;

  public UnboundProcess(Path directory, InetSocketAddress forwarder, Path bindingsFile) {
    super(directory, FreePorts.next());
    this.bindings = bindingsFile;
    this.forwarder = forwarder;
  }

  /** Writes unbound.conf. */
  public void configure() throws IOException {
    String d = directory.toString();
    String conf =
        "server:\n"
            + "\tinterface: 127.0.0.1@"
            + port
            + "\n"
            + "\tport: "
            + port
            + "\n"
            + "\tdo-ip6: no\n"
            + "\taccess-control: 127.0.0.0/8 allow\n"
            + "\tusername: \"\"\n"
            + "\tchroot: \"\"\n"
            + "\tdirectory: \""
            + d
            + "\"\n"
            + "\tpidfile: \""
            + d
            + "/unbound.pid\"\n"
            + "\tuse-syslog: no\n"
            + "\tlogfile: \"\"\n"
            + "\tverbosity: 1\n"
            + "\tnum-threads: 1\n"
            + "\tmodule-config: \"respip iterator\"\n"
            + "\tdo-not-query-localhost: no\n"
            + "\tauto-trust-anchor-file: \"\"\n"
            + "forward-zone:\n"
            + "\tname: \".\"\n"
            + "\tforward-addr: "
            + forwarder.getAddress().getHostAddress()
            + "@"
            + forwarder.getPort()
            + "\n"
            + "remote-control:\n"
            + "\tcontrol-enable: no\n"
            + "include: \""
            + bindings
            + "\"\n";
    Files.writeString(directory.resolve("unbound.conf"), conf);
  }

  /** The reload command: SIGHUP makes unbound re-read its configuration (and empty its cache). */
  public List<String> reloadCommand() {
    return List.of("kill", "-HUP", Long.toString(pid()));
  }

  @Override
  protected List<String> command() {
    return List.of("unbound", "-d", "-c", directory.resolve("unbound.conf").toString());
  }

  @Override
  protected String logName() {
    return "unbound.log";
  }
}
