package org.vigil.report.dsa;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.Outbox;
import org.vigil.core.json.Json;
import org.vigil.core.review.CaseStore;
import org.vigil.report.RetryPolicy;

/**
 * Files statements of reasons in the DSA Transparency Database: the {@code dsa_tdb} outbox
 * consumer, run as a periodic job. It claims up to 100 due {@code statement.created} deliveries,
 * sends them as one batch, and follows the database's all-or-nothing answers until the batch is
 * settled: already-filed PUIDs are marked filed and the rest resent; an invalid statement is set
 * aside (dead letter, with the database's error on the statement) and the rest resent; a rate limit
 * or server error leaves the whole batch to retry with backoff.
 *
 * <p>Each tenant is its own platform to the database, with its own token: a tenant's statements are
 * sent with its own client, in batches of its statements alone, never mixed with another tenant's.
 * A delivery of a tenant without a client (its token was taken out of the configuration) is never
 * sent under another tenant's token: it fails with the reason and is retried with backoff, then
 * waits as a dead letter.
 *
 * <p>The PUID is the statement's stable id ({@code vigil-<decisionId>}), so a batch resent after a
 * crash between the database's 201 and our bookkeeping is recognised by the database as already
 * filed, and marked so: filing is idempotent.
 */
public final class StatementFiler {

  /** The outbox consumer name. */
  public static final String CONSUMER = "dsa_tdb";

  private static final Logger LOG = LoggerFactory.getLogger(StatementFiler.class);
  private static final int MAX_ROUNDS = 20;

  private final Outbox outbox;
  private final CaseStore statements;
  private final Map<String, TransparencyDatabaseClient> clients;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Duration lease;
  private final Duration every;

  /** A filer of the default tenant's statements alone. */
  public StatementFiler(
      Outbox outbox,
      CaseStore statements,
      TransparencyDatabaseClient client,
      RetryPolicy retry,
      Clock clock,
      Duration lease,
      Duration every) {
    this(outbox, statements, Map.of("default", client), retry, clock, lease, every);
  }

  /**
   * @param clients each tenant's client (the database's URL with the tenant's own token)
   */
  public StatementFiler(
      Outbox outbox,
      CaseStore statements,
      Map<String, TransparencyDatabaseClient> clients,
      RetryPolicy retry,
      Clock clock,
      Duration lease,
      Duration every) {
    if (clients == null || clients.isEmpty()) {
      throw new IllegalArgumentException("the filer needs at least one tenant's client");
    }
    this.outbox = outbox;
    this.statements = statements;
    this.clients = Map.copyOf(clients);
    this.retry = retry;
    this.clock = clock;
    this.lease = lease;
    this.every = every;
  }

  public String name() {
    return "dsa-transparency-database";
  }

  public Duration every() {
    return every;
  }

  public void run() {
    fileDue();
  }

  /**
   * Files every due statement, batch by batch.
   *
   * @return how many were filed (or found already filed)
   */
  public int fileDue() {
    int filed = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<Delivery> claimed =
          outbox.claim(CONSUMER, TransparencyDatabaseClient.MAX_BATCH, lease, clock.instant());
      if (claimed.isEmpty()) {
        break;
      }
      // One tenant's statements per batch, under its own token.
      Map<String, List<Delivery>> byTenant = new LinkedHashMap<>();
      for (Delivery delivery : claimed) {
        byTenant.computeIfAbsent(delivery.message().tenant(), t -> new ArrayList<>()).add(delivery);
      }
      for (Map.Entry<String, List<Delivery>> batch : byTenant.entrySet()) {
        TransparencyDatabaseClient client = clients.get(batch.getKey());
        if (client == null) {
          failAll(
              batch.getKey(),
              batch.getValue(),
              "no Transparency Database token for tenant '" + batch.getKey() + "'",
              clock.instant());
        } else {
          filed += settle(batch.getKey(), client, batch.getValue());
        }
      }
      if (claimed.size() < TransparencyDatabaseClient.MAX_BATCH) {
        break;
      }
    }
    return filed;
  }

  /** The tenants whose statements this filer files. */
  public java.util.Set<String> tenants() {
    return clients.keySet();
  }

  private int settle(String tenant, TransparencyDatabaseClient client, List<Delivery> claimed) {
    List<Delivery> pending = new ArrayList<>(claimed);
    int filed = 0;
    // Each pass either settles the batch or removes at least one statement from it.
    while (!pending.isEmpty()) {
      List<String> bodies = new ArrayList<>(pending.size());
      for (Delivery delivery : pending) {
        bodies.add(delivery.message().payloadJson());
      }
      TransparencyDatabaseClient.Answer answer = client.submit(bodies);
      Instant now = clock.instant();
      if (answer instanceof TransparencyDatabaseClient.Answer.Created) {
        for (Delivery delivery : pending) {
          filedNow(delivery, now);
        }
        LOG.info("{}: filed {} statements of tenant {}", name(), pending.size(), tenant);
        return filed + pending.size();
      }
      if (answer instanceof TransparencyDatabaseClient.Answer.ExistingPuids existing) {
        Set<String> known = new HashSet<>(existing.puids());
        List<Delivery> rest = new ArrayList<>();
        for (Delivery delivery : pending) {
          if (known.contains(puid(delivery))) {
            filedNow(delivery, now);
            filed++;
          } else {
            rest.add(delivery);
          }
        }
        if (rest.size() == pending.size()) {
          // The database named none of ours (a PUID repeated within the call?): do not loop.
          failAll(
              tenant, pending, "existing_puids named none of the batch: " + existing.puids(), now);
          return filed;
        }
        pending = rest;
        continue;
      }
      if (answer instanceof TransparencyDatabaseClient.Answer.Invalid invalid) {
        List<Delivery> rest = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
          String error = invalid.errors().get(i);
          if (error == null) {
            rest.add(pending.get(i));
          } else {
            Delivery bad = pending.get(i);
            outbox.markDead(bad.id(), now, "statement refused: " + limit(error));
            statements.markRejected(puid(bad), error);
            LOG.warn("{}: statement {} refused: {}", name(), puid(bad), error);
          }
        }
        if (rest.size() == pending.size()) {
          failAll(tenant, pending, "422 named no statement of the batch", now);
          return filed;
        }
        pending = rest;
        continue;
      }
      String why =
          answer instanceof TransparencyDatabaseClient.Answer.Retry retryAnswer
              ? retryAnswer.why()
              : "HTTP "
                  + ((TransparencyDatabaseClient.Answer.Refused) answer).status()
                  + ": "
                  + ((TransparencyDatabaseClient.Answer.Refused) answer).why();
      failAll(tenant, pending, why, now);
      return filed;
    }
    return filed;
  }

  private void filedNow(Delivery delivery, Instant now) {
    outbox.markDelivered(delivery.id(), now);
    statements.markFiled(puid(delivery), now);
  }

  private void failAll(String tenant, List<Delivery> deliveries, String why, Instant now) {
    LOG.warn(
        "{}: {} statements of tenant {} not filed, will retry: {}",
        name(),
        deliveries.size(),
        tenant,
        why);
    for (Delivery delivery : deliveries) {
      Optional<Instant> next =
          retry.next(delivery.attempts() + 1, now, () -> ThreadLocalRandom.current().nextDouble());
      if (next.isPresent()) {
        outbox.markFailed(delivery.id(), now, limit(why), next.get());
      } else {
        outbox.markDead(delivery.id(), now, limit(why));
      }
    }
  }

  /** The statement's PUID, read from the statement itself. */
  static String puid(Delivery delivery) {
    try {
      JsonNode statement = Json.MAPPER.readTree(delivery.message().payloadJson());
      return statement.path("puid").asText();
    } catch (IOException e) {
      return "";
    }
  }

  private static String limit(String text) {
    return text.length() <= 480 ? text : text.substring(0, 480) + "…";
  }
}
