package org.vigil.dns.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.vigil.dns.DnsServer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The "real internet" for loopback tests: answers every name under {@code .com}, {@code .net} and
 * the other test TLDs with a fixed A (192.0.2.80), AAAA (2001:db8::80) and HTTPS record, names
 * under {@code .nxtest} with NXDOMAIN, and counts the queries per name so tests can see what
 * resolvers fetched and what they served from cache. Answers as a recursive server would (RA), so
 * resolvers can forward to it.
 */
public final class TestAuthority implements AutoCloseable {
  public static final String ADDRESS_V4 = "192.0.2.80";
  public static final String ADDRESS_V6 = "2001:db8::80";
  private static final long TTL = 300;

  private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
  private final DnsServer server;

  private TestAuthority(InetAddress address) throws IOException {
    server = DnsServer.start(new InetSocketAddress(address, 0), this::answer, 4);
  }

  public static TestAuthority start(InetAddress address) throws IOException {
    return new TestAuthority(address);
  }

  public InetSocketAddress address() {
    return server.address();
  }

  /** How many queries for {@code name} (any type) reached this server. */
  public int queriesFor(String name) {
    AtomicInteger count = queries.get(name.toLowerCase() + ".");
    return count == null ? 0 : count.get();
  }

  private List<byte[]> answer(byte[] wire, InetAddress client, boolean tcp) {
    try {
      Message query = new Message(wire);
      Record question = query.getQuestion();
      Message response = new Message(query.getHeader().getID());
      response.getHeader().setFlag(Flags.QR);
      response.getHeader().setFlag(Flags.RA);
      response.getHeader().setFlag(Flags.AA);
      if (query.getHeader().getFlag(Flags.RD)) {
        response.getHeader().setFlag(Flags.RD);
      }
      response.addRecord(question, Section.QUESTION);
      Name name = question.getName();
      queries
          .computeIfAbsent(name.toString().toLowerCase(), n -> new AtomicInteger())
          .incrementAndGet();
      if (name.labels() < 3) {
        response.addRecord(soa(name), Section.AUTHORITY);
        return List.of(response.toWire());
      }
      Name tld = new Name(name, name.labels() - 2);
      if (tld.toString().equals("nxtest.")) {
        response.getHeader().setRcode(Rcode.NXDOMAIN);
        response.addRecord(soa(tld), Section.AUTHORITY);
        return List.of(response.toWire());
      }
      switch (question.getType()) {
        case Type.A ->
            response.addRecord(
                new ARecord(name, DClass.IN, TTL, InetAddress.getByName(ADDRESS_V4)),
                Section.ANSWER);
        case Type.AAAA ->
            response.addRecord(
                new AAAARecord(name, DClass.IN, TTL, InetAddress.getByName(ADDRESS_V6)),
                Section.ANSWER);
        case Type.HTTPS ->
            response.addRecord(
                Record.fromString(name, Type.HTTPS, DClass.IN, TTL, "1 . alpn=h2", Name.root),
                Section.ANSWER);
        default -> response.addRecord(soa(tld), Section.AUTHORITY);
      }
      return List.of(response.toWire());
    } catch (IOException e) {
      return List.of();
    }
  }

  private static SOARecord soa(Name zone) {
    return new SOARecord(
        zone,
        DClass.IN,
        TTL,
        Name.fromConstantString("ns.test."),
        Name.fromConstantString("hostmaster.test."),
        1,
        3600,
        600,
        86400,
        60);
  }

  @Override
  public void close() {
    server.close();
  }
}
