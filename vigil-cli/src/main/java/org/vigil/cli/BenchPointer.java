package org.vigil.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench} in the production jar only says where the measurements are: benchmark and
 * synthetic-workload code ships in vigil-bench, never in vigil.jar. The {@code ./vigil} launcher
 * runs {@code bench} from vigil-bench's jar itself, so this is reached only through {@code java
 * -jar vigil.jar bench}.
 */
@Command(
    name = "bench",
    description = "Measurements live in vigil-bench: run ./vigil bench (builds it on first use).",
    mixinStandardHelpOptions = true)
final class BenchPointer implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", hidden = true)
  List<String> ignored;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "vigil: bench is not part of vigil.jar; run ./vigil bench from the source tree, or java"
                + " -cp vigil-bench/target/benchmarks.jar org.vigil.bench.cli.VigilBench");
    return 2;
  }
}
