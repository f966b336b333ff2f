package org.vigil.bench.video;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process plus every child it has waited for (Linux): the JVM's own threads
 * (hashing, JIT, GC) from the platform bean, and FFmpeg or a reference tool run as a child from
 * {@code /proc/self/stat}'s cutime + cstime. Per-core cost of a pipeline that spans processes.
 */
final class CpuClock {

  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private CpuClock() {}

  static long nanos() {
    return ownNanos() + childrenNanos();
  }

  private static long ownNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long childrenNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      // Fields after "pid (comm) " start at field 3; cutime and cstime are fields 16 and 17.
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(rest[13]) + Long.parseLong(rest[14]);
      return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("children's CPU time needs Linux /proc/self/stat", e);
    }
  }

  private static long ticksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
