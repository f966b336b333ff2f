package org.vigil.dns.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vigil.dns.TsigKey;

/**
 * named in the foreground on 127.0.0.1, forwarding everything to the test authority, including
 * Vigil's generated view file, reconfigured with rndc over its own control port.
 */
public final class BindProcess extends ResolverProcess {
  private final int controlPort;
  private final Path bindings;
  private final InetSocketAddress forwarder;

  public BindProcess(Path directory, InetSocketAddress forwarder, Path bindingsFile) {
    super(directory, FreePorts.next());
    this.controlPort = FreePorts.next();
    this.bindings = bindingsFile;
    this.forwarder = forwarder;
  }

  /** Writes named.conf and rndc.conf. */
  public void configure() throws IOException {
    TsigKey rndcKey = TsigKey.generate("rndc-key");
    String d = directory.toString();
    String conf =
        "options {\n"
            + "\tdirectory \""
            + d
            + "\";\n"
            + "\tpid-file \""
            + d
            + "/named.pid\";\n"
            + "\tsession-keyfile \""
            + d
            + "/session.key\";\n"
            + "\tmanaged-keys-directory \""
            + d
            + "\";\n"
            + "\tlisten-on port "
            + port
            + " { 127.0.0.1; };\n"
            + "\tlisten-on-v6 { none; };\n"
            + "\tforwarders { "
            + forwarder.getAddress().getHostAddress()
            + " port "
            + forwarder.getPort()
            + "; };\n"
            + "\tforward only;\n"
            + "\tdnssec-validation no;\n"
            + "\tallow-query { any; };\n"
            + "\tallow-recursion { any; };\n"
            + "\tnotify no;\n"
            + "\tmax-cache-size 32m;\n"
            + "};\n"
            + rndcKey.bindClause()
            + "controls { inet 127.0.0.1 port "
            + controlPort
            + " allow { 127.0.0.1; } keys { \"rndc-key\"; }; };\n"
            + "include \""
            + bindings
            + "\";\n";
    Files.writeString(directory.resolve("named.conf"), conf);
    Files.writeString(
        directory.resolve("rndc.conf"),
        rndcKey.bindClause()
            + "options { default-key \"rndc-key\"; default-server 127.0.0.1; default-port "
            + controlPort
            + "; };\n");
  }

  /** The rndc command line prefix for this instance. */
  public List<String> rndc(String... args) {
    List<String> command =
        new java.util.ArrayList<>(List.of("rndc", "-c", directory.resolve("rndc.conf").toString()));
    command.addAll(List.of(args));
    return command;
  }

  @Override
  protected List<String> command() {
    return List.of("named", "-g", "-c", directory.resolve("named.conf").toString(), "-n", "1");
  }

  @Override
  protected String logName() {
    return "named.log";
  }
}
