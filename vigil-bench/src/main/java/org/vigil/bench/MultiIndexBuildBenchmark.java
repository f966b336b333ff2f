package org.vigil.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.bench.index.SyntheticPdqCodes;
import org.vigil.hash.index.MultiIndexHammingIndex;

/** Bulk build of a multi-index over N synthetic codes (single shot, seconds per build). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms7g", "-Xmx7g", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class MultiIndexBuildBenchmark {

  @Param({"10000000"})
  public int size;

  long[] codes;
  long[] ids;

  @Setup(Level.Trial)
  public void generate() {
    codes = SyntheticPdqCodes.uniform(size, 42);
    ids = new long[size];
    for (int i = 0; i < size; i++) {
      ids[i] = i;
    }
  }

  @Benchmark
  public int build() {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex();
    index.addAll(ids, codes, size);
    return index.size();
  }
}
