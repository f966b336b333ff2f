package org.vigil.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Sends DNS NOTIFY (RFC 1996) for a changed zone so secondaries transfer it at once instead of at
 * their next refresh. Sent from the primary's own address (resolvers accept NOTIFY only from their
 * configured primaries), optionally TSIG-signed (which is how BIND picks the view), retried with
 * back-off until acknowledged, five attempts at most.
 *
 * <p>The thread here is not a periodic job and stays off the process's one scheduler: each NOTIFY
 * is sent once when its zone changes and retried 2, 4, 8 and 16 s later only until acknowledged, so
 * the work exists per change, not per interval. Sends wait up to 2 s for an answer; on their own
 * thread they never delay the scheduler's jobs, nor a job a NOTIFY.
 */
public final class NotifySender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotifySender.class);
  private static final int ATTEMPTS = 5;

  private final InetAddress source;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vigil-dns-notify");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param source the local address to send from: the address secondaries know as primary
   */
  public NotifySender(InetAddress source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Queues NOTIFY for {@code zone} to {@code target}; returns at once. */
  public void notifyLater(Name zone, InetSocketAddress target, TsigKey key) {
    scheduler.execute(() -> attempt(zone, target, key, 1));
  }

  /** Sends one NOTIFY and waits for the acknowledgement. */
  public boolean notifyNow(Name zone, InetSocketAddress target, TsigKey key) {
    Message notify = new Message();
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    notify.getHeader().setFlag(Flags.AA);
    notify.addRecord(Record.newRecord(zone, Type.SOA, DClass.IN), Section.QUESTION);
    SimpleResolver resolver = new SimpleResolver(target);
    resolver.setLocalAddress(new InetSocketAddress(source, 0));
    resolver.setTimeout(Duration.ofSeconds(2));
    if (key != null) {
      resolver.setTSIGKey(key.toTsig());
    }
    try {
      Message response = resolver.send(notify);
      boolean ok =
          response.getHeader().getOpcode() == Opcode.NOTIFY && response.getRcode() == Rcode.NOERROR;
      if (!ok) {
        LOG.warn("NOTIFY {} to {} answered {}", zone, target, Rcode.string(response.getRcode()));
      }
      return ok;
    } catch (IOException e) {
      LOG.debug("NOTIFY {} to {} failed: {}", zone, target, e.toString());
      return false;
    }
  }

  private void attempt(Name zone, InetSocketAddress target, TsigKey key, int attempt) {
    if (notifyNow(zone, target, key)) {
      LOG.info(
          "NOTIFY {} acknowledged by {}{}",
          zone,
          target,
          key == null ? "" : " (key " + key.name() + ")");
      return;
    }
    if (attempt < ATTEMPTS) {
      scheduler.schedule(
          () -> attempt(zone, target, key, attempt + 1), 1L << attempt, TimeUnit.SECONDS);
    } else {
      LOG.warn("NOTIFY {} to {} not acknowledged after {} attempts", zone, target, ATTEMPTS);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
