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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankService;
import org.vigil.core.matcher.BankMatcher;

/**
 * The process's metrics beyond HTTP: Micrometer's JVM, GC and process binders, the database pool,
 * the banks' sizes, and a hook for outbox consumers. Names are listed in docs/operations.md and
 * used by docs/grafana-dashboard.json; a test checks every name of the dashboard appears on
 * /metrics.
 */
public final class ServiceMetrics implements AutoCloseable {

  private final MeterRegistry meters;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final MultiGauge bankSignals;

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

  /** Refreshes {@code vigil_bank_signals{bank}} (a job calls this; banks come and go). */
  public void refreshBanks(BankService banks, BankMatcher matcher) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Bank bank : banks.list()) {
      rows.add(MultiGauge.Row.of(Tags.of("bank", bank.name()), matcher.size(bank.name())));
    }
    bankSignals.register(rows, true);
  }

  /**
   * The hook for an outbox consumer (webhooks, NCMEC, the DSA database...): {@code
   * vigil_outbox_pending{consumer}} messages not yet delivered and {@code
   * vigil_outbox_oldest_pending_seconds{consumer}}, the age of the oldest of them (0 when none).
   * Both suppliers are read at each scrape, so they must be cheap (an indexed count).
   */
  public void outboxBacklog(String consumer, LongSupplier pending, Supplier<Duration> oldestAge) {
    Gauge.builder("vigil_outbox_pending", pending, LongSupplier::getAsLong)
        .description("Outbox messages not yet delivered, by consumer")
        .tag("consumer", consumer)
        .register(meters);
    Gauge.builder(
            "vigil_outbox_oldest_pending_seconds",
            oldestAge,
            age -> {
              Duration value = age.get();
              return value == null ? 0 : value.toMillis() / 1000.0;
            })
        .description("Age of the oldest undelivered outbox message, by consumer")
        .tag("consumer", consumer)
        .register(meters);
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
