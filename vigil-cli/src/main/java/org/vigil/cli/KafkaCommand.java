package org.vigil.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vigil.stream.DevBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil kafka dev}: a single-node Apache Kafka (KRaft, broker and controller in one process,
 * on 127.0.0.1) for trying the scan pipeline on one machine with nothing installed. It is the real
 * broker ({@link DevBroker}); production uses the operator's own cluster.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = "Apache Kafka helpers for the scan pipeline (docs/kafka.md).",
    subcommands = {KafkaCommand.Dev.class})
public final class KafkaCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The development broker. */
  @Command(
      name = "dev",
      mixinStandardHelpOptions = true,
      description =
          "Run a single-node Kafka broker on 127.0.0.1 for trying Vigil on one machine (not for"
              + " production: one replica, no authentication). Stops on Ctrl-C.")
  static final class Dev implements Callable<Integer> {

    @Option(
        names = "--port",
        paramLabel = "PORT",
        description =
            "Port of the broker's listener on 127.0.0.1; 0 picks a free one. Default 9092.")
    int port = 9092;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description =
            "Directory for the broker's logs; formatted when new, kept across restarts. Default"
                + " ./data/kafka.")
    Path dataDir = Path.of("data", "kafka");

    @Override
    public Integer call() throws Exception {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
      }
      PortCheck.requireFree("127.0.0.1", port);
      DevBroker broker = DevBroker.start(dataDir, port);
      System.out.println("kafka listening on " + broker.bootstrap());
      System.out.println(
          "  data: " + dataDir.toAbsolutePath() + " (single node, no authentication: for trying)");
      System.out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    broker.close();
                    stopped.countDown();
                  }));
      stopped.await();
      return 0;
    }
  }
}
