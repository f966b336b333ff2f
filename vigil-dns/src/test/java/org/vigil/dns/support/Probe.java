package org.vigil.dns.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** A stub client that queries a resolver from a chosen loopback source address. */
public final class Probe {
  private Probe() {}

  /** The answer to {@code name}/{@code type} asked of {@code resolver} from {@code source}. */
  public static Message query(InetSocketAddress resolver, String source, String name, int type) {
    try {
      SimpleResolver stub = new SimpleResolver(resolver);
      stub.setLocalAddress(new InetSocketAddress(InetAddress.getByName(source), 0));
      stub.setTimeout(Duration.ofSeconds(4));
      return stub.send(
          Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    } catch (IOException e) {
      throw new UncheckedIOException("query " + name + " from " + source + " failed", e);
    }
  }

  /** The rcode name, e.g. NXDOMAIN. */
  public static String rcode(Message message) {
    return Rcode.string(message.getRcode());
  }

  /** The answer section's records. */
  public static List<Record> answers(Message message) {
    return message.getSection(Section.ANSWER);
  }

  /** Short summary for assertion messages: rcode and answer records. */
  public static String summary(Message message) {
    return rcode(message) + " " + answers(message);
  }

  /** Queries until {@code done} holds or {@code timeout} passes; returns the last answer. */
  public static Message awaitAnswer(
      InetSocketAddress resolver,
      String source,
      String name,
      int type,
      Predicate<Message> done,
      Duration timeout) {
    return awaitAnswer(resolver, source, attempt -> name, type, done, timeout);
  }

  /**
   * Like {@link #awaitAnswer(InetSocketAddress, String, String, int, Predicate, Duration)}, asking
   * {@code nameForAttempt.apply(n)} at the n-th attempt: a fresh name each time keeps answers given
   * before the awaited change out of the resolver's caches.
   */
  public static Message awaitAnswer(
      InetSocketAddress resolver,
      String source,
      IntFunction<String> nameForAttempt,
      int type,
      Predicate<Message> done,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Message last = null;
    RuntimeException failure = null;
    for (int attempt = 0; ; attempt++) {
      try {
        // A resolver reloading its configuration may drop a query; that is not an answer.
        last = query(resolver, source, nameForAttempt.apply(attempt), type);
        failure = null;
        if (done.test(last)) {
          return last;
        }
      } catch (UncheckedIOException e) {
        failure = e;
      }
      if (System.nanoTime() >= deadline) {
        break;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (last == null && failure != null) {
      throw failure;
    }
    return last;
  }
}
