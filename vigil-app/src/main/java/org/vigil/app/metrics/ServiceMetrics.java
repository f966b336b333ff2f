package org.vigil.app.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.vigil.core.actions.OutboxBacklog;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankService;
import org.vigil.core.matcher.BankMatcher;

/**
 * The process's metrics beyond HTTP: Micrometer's JVM, GC and process binders, the database pool,
 * the banks' sizes and index memory, and the outbox backlog per consumer. Names are listed in
 * docs/operations.md and used by docs/grafana-dashboard.json; a test checks every name of the
 * dashboard appears on /metrics.
 */
public final class ServiceMetrics implements AutoCloseable {

  private final MeterRegistry meters;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final MultiGauge bankSignals;
  private final MultiGauge indexMemory;
  private final MultiGauge outboxPending;
  private final MultiGauge outboxDue;
  private final MultiGauge outboxDead;
  private final MultiGauge outboxOldest;

  public ServiceMetrics(MeterRegistry meters) {
    this.meters = meters;
    new JvmMemoryMetrics().bindTo(meters);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(meters);
    closeables.add(gc);
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
    new FileDescriptorMetrics().bindTo(meters);
    this.bankSignals =
        MultiGauge.builder("vigil_bank_signals")
            .description("Signals in each bank's in-memory index")
            .register(meters);
    this.indexMemory =
        MultiGauge.builder("vigil_index_memory_bytes")
            .description("Bytes held by each bank's in-memory hash indexes, by index")
            .baseUnit("bytes")
            .register(meters);
    this.outboxPending =
        MultiGauge.builder("vigil_outbox_pending")
            .description("Outbox deliveries not yet delivered nor dead, by consumer")
            .register(meters);
    this.outboxDue =
        MultiGauge.builder("vigil_outbox_due")
            .description("Outbox deliveries due now, by consumer")
            .register(meters);
    this.outboxDead =
        MultiGauge.builder("vigil_outbox_dead")
            .description("Outbox deliveries in the dead letters, by consumer")
            .register(meters);
    this.outboxOldest =
        MultiGauge.builder("vigil_outbox_oldest_pending_seconds")
            .description("Age of the oldest undelivered outbox message, by consumer")
            .register(meters);
  }

  /**
   * {@code vigil_db_pool_connections{state=active|idle|pending|max}} from the connection pool
   * (HikariCP's own counters; nothing if the data source is another kind).
   */
  public void bindPool(DataSource dataSource) {
    if (!(dataSource instanceof HikariDataSource hikari)) {
      return;
    }
    pool("active", hikari, HikariPoolMXBean::getActiveConnections);
    pool("idle", hikari, HikariPoolMXBean::getIdleConnections);
    pool("pending", hikari, HikariPoolMXBean::getThreadsAwaitingConnection);
    Gauge.builder("vigil_db_pool_connections", hikari, HikariDataSource::getMaximumPoolSize)
        .description("Database connections by state; max is the pool size")
        .tags(Tags.of("state", "max"))
        .register(meters);
  }

  private void pool(
      String state, HikariDataSource hikari, ToDoubleFunction<HikariPoolMXBean> value) {
    Gauge.builder(
            "vigil_db_pool_connections",
            hikari,
            h -> h.getHikariPoolMXBean() == null ? 0 : value.applyAsDouble(h.getHikariPoolMXBean()))
        .description("Database connections by state; max is the pool size")
        .tags(Tags.of("state", state))
        .register(meters);
  }

  /**
   * Refreshes {@code vigil_bank_signals{bank}} and {@code vigil_index_memory_bytes{bank,index}},
   * the bytes each bank's in-memory indexes hold (index = pdq, md5, sha256, vpdq, tmk); a job calls
   * this, as banks come and go.
   */
  public void refreshBanks(BankService banks, BankMatcher matcher) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    List<MultiGauge.Row<?>> memory = new ArrayList<>();
    for (Bank bank : banks.list()) {
      rows.add(MultiGauge.Row.of(Tags.of("bank", bank.name()), matcher.size(bank.name())));
      matcher
          .memoryBytes(bank.name())
          .forEach(
              (index, bytes) ->
                  memory.add(
                      MultiGauge.Row.of(Tags.of("bank", bank.name(), "index", index), bytes)));
    }
    bankSignals.register(rows, true);
    indexMemory.register(memory, true);
  }

  /**
   * Refreshes the outbox gauges from {@code backlog} (a job reads it every few seconds): {@code
   * vigil_outbox_pending{consumer}} (not yet delivered, due or waiting for a retry), {@code
   * vigil_outbox_due{consumer}} (due now), {@code vigil_outbox_dead{consumer}} (dead letters) and
   * {@code vigil_outbox_oldest_pending_seconds{consumer}}, the age of the oldest pending message,
   * computed at each scrape from its creation time (0 when none is pending).
   */
  public void refreshOutbox(List<OutboxBacklog> backlog, Clock clock) {
    List<MultiGauge.Row<?>> pending = new ArrayList<>();
    List<MultiGauge.Row<?>> due = new ArrayList<>();
    List<MultiGauge.Row<?>> dead = new ArrayList<>();
    List<MultiGauge.Row<?>> oldest = new ArrayList<>();
    for (OutboxBacklog consumer : backlog) {
      Tags tags = Tags.of("consumer", consumer.consumer());
      pending.add(MultiGauge.Row.of(tags, consumer.pending()));
      due.add(MultiGauge.Row.of(tags, consumer.due()));
      dead.add(MultiGauge.Row.of(tags, consumer.dead()));
      oldest.add(
          MultiGauge.Row.of(
              tags, consumer, c -> c.oldestPendingAge(clock.instant()).toMillis() / 1000.0));
    }
    outboxPending.register(pending, true);
    outboxDue.register(due, true);
    outboxDead.register(dead, true);
    outboxOldest.register(oldest, true);
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing metrics must not stop a shutdown
      }
    }
  }
}
