package org.vigil.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.catalogue.CatalogueService;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.RestrictedClients;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Vigil's own forwarding resolver ({@code vigil dns serve --resolve}) for providers without an
 * RPZ-capable resolver: a query from a client under an active order for a name of a restricted
 * category is answered NXDOMAIN (or with a CNAME to the notice page); everything else is forwarded
 * to the upstream resolver unchanged.
 *
 * <p>It keeps no cache, so no answer fetched for one client can reach another; the upstream's cache
 * holds only unfiltered answers, which is what unrestricted clients get anyway. The restricted
 * client list is re-read from the registry at most once per {@code refresh}.
 */
public final class EnforcingResolver {
  private static final Logger LOG = LoggerFactory.getLogger(EnforcingResolver.class);

  private record Snapshot(long takenNanos, RestrictedClientIndex index) {}

  private final PublishedZones zones;
  private final RestrictedClients restricted;
  private final Clock clock;
  private final Duration refresh;
  private final InetSocketAddress upstream;
  private volatile Snapshot snapshot;

  public EnforcingResolver(
      PublishedZones zones,
      RestrictedClients restricted,
      Clock clock,
      Duration refresh,
      InetSocketAddress upstream) {
    this.zones = Objects.requireNonNull(zones, "zones");
    this.restricted = Objects.requireNonNull(restricted, "restricted");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.upstream = Objects.requireNonNull(upstream, "upstream");
  }

  /** Answers one query from {@code client}; never throws (SERVFAIL on upstream failure). */
  public byte[] resolve(Message query, InetAddress client, boolean tcp) {
    Record question = query.getQuestion();
    int limit = ZoneRequestHandler.maxUdp(query, tcp);
    Set<ServiceCategory> categories = index().categoriesFor(client);
    if (!categories.isEmpty()) {
      Optional<Message> policy = policyAnswer(query, question, categories);
      if (policy.isPresent()) {
        return policy.get().toWire(limit);
      }
    }
    try {
      Message response = forward(query, tcp);
      return response.toWire(limit);
    } catch (IOException e) {
      LOG.warn("upstream {} failed for {}: {}", upstream, question.getName(), e.toString());
      Message failure = ZoneRequestHandler.reply(query, Rcode.SERVFAIL);
      failure.getHeader().setFlag(Flags.RA);
      return failure.toWire(limit);
    }
  }

  /** The restricted clients now, from the registry or the recent snapshot. */
  public RestrictedClientIndex index() {
    Snapshot current = snapshot;
    long now = System.nanoTime();
    if (current == null || now - current.takenNanos() >= refresh.toNanos()) {
      synchronized (this) {
        current = snapshot;
        if (current == null || now - current.takenNanos() >= refresh.toNanos()) {
          current =
              new Snapshot(now, RestrictedClientIndex.of(restricted.activeAt(clock.instant())));
          snapshot = current;
        }
      }
    }
    return current.index();
  }

  private Optional<Message> policyAnswer(
      Message query, Record question, Set<ServiceCategory> categories) {
    ServiceCatalogue catalogue = zones.catalogue();
    Name qname = question.getName();
    String host = qname.toString(true);
    for (ServiceCategory category : categories) {
      if (host.equalsIgnoreCase(CategoryZones.versionName(category).toString(true))) {
        Message answer = ZoneRequestHandler.reply(query, Rcode.NOERROR);
        answer.getHeader().setFlag(Flags.RA);
        if (question.getType() == Type.TXT || question.getType() == Type.ANY) {
          answer.addRecord(
              new TXTRecord(
                  qname,
                  DClass.IN,
                  zones.settings().ttl().toSeconds(),
                  List.of(
                      "vigil-catalogue-version=" + catalogue.version(),
                      "date=" + catalogue.date(),
                      "category=" + category.wireName())),
              Section.ANSWER);
        }
        return Optional.of(answer);
      }
    }
    Optional<CatalogueService> service = catalogue.serviceForHost(host);
    boolean covered =
        service.isPresent() && restricts(categories, service.get())
            || CategoryZones.coveredBy(
                zones.settings().bypassHosts(), host.toLowerCase(Locale.ROOT));
    if (!covered) {
      return Optional.empty();
    }
    Optional<Name> notice = zones.settings().noticeHost();
    if (notice.isEmpty()) {
      Message nx = ZoneRequestHandler.reply(query, Rcode.NXDOMAIN);
      nx.getHeader().setFlag(Flags.RA);
      return Optional.of(nx);
    }
    Message redirect = ZoneRequestHandler.reply(query, Rcode.NOERROR);
    redirect.getHeader().setFlag(Flags.RA);
    redirect.addRecord(
        new CNAMERecord(qname, DClass.IN, zones.settings().ttl().toSeconds(), notice.get()),
        Section.ANSWER);
    try {
      Message target =
          forward(
              Message.newQuery(Record.newRecord(notice.get(), question.getType(), DClass.IN)),
              false);
      target.getSection(Section.ANSWER).forEach(r -> redirect.addRecord(r, Section.ANSWER));
    } catch (IOException e) {
      LOG.warn("cannot resolve notice host {}: {}", notice.get(), e.toString());
    }
    return Optional.of(redirect);
  }

  private Message forward(Message query, boolean tcp) throws IOException {
    SimpleResolver resolver = new SimpleResolver(upstream);
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(5));
    Message outgoing = query.clone();
    if (outgoing.getTSIG() != null) {
      outgoing.removeRecord(outgoing.getTSIG(), Section.ADDITIONAL);
    }
    Message response = resolver.send(outgoing);
    response.getHeader().setID(query.getHeader().getID());
    return response;
  }

  /**
   * A service is restricted when any of its categories is (TikTok under a social-network order).
   */
  static boolean restricts(Set<ServiceCategory> categories, CatalogueService service) {
    for (ServiceCategory category : service.categories()) {
      if (categories.contains(category)) {
        return true;
      }
    }
    return false;
  }
}
