package org.vigil.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Answers for {@code vigil dns serve}: authoritative answers from the category zones (what a
 * secondary's SOA refresh asks), AXFR and IXFR of them over TCP, and, when an enforcing resolver is
 * attached, every other query through it.
 *
 * <p>IXFR is answered with the whole zone in AXFR form, which RFC 1995 section 4 allows when the
 * server keeps no history; a client already at the current serial gets the single SOA that says so.
 * Transfers need a verified TSIG signature or an address the {@link TransferPolicy} lists.
 */
public final class ZoneRequestHandler implements RequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ZoneRequestHandler.class);

  /** Records per transfer message: even 100 maximal CNAME records stay under 64 KiB. */
  static final int RECORDS_PER_MESSAGE = 100;

  private final PublishedZones zones;
  private final TransferPolicy transfers;
  private final EnforcingResolver resolver;

  /**
   * @param resolver answers queries outside the zones; null to refuse them (primary only)
   */
  public ZoneRequestHandler(
      PublishedZones zones, TransferPolicy transfers, EnforcingResolver resolver) {
    this.zones = Objects.requireNonNull(zones, "zones");
    this.transfers = Objects.requireNonNull(transfers, "transfers");
    this.resolver = resolver;
  }

  @Override
  public List<byte[]> handle(byte[] wire, InetAddress client, boolean tcp) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException e) {
      return formatError(wire);
    }
    Header header = query.getHeader();
    if (header.getFlag(Flags.QR)) {
      return List.of();
    }
    TsigKey key = null;
    TSIGRecord queryTsig = query.getTSIG();
    if (queryTsig != null) {
      Optional<TsigKey> known = transfers.keyNamed(queryTsig.getName());
      if (known.isEmpty()) {
        LOG.warn(
            "request signed with unknown TSIG key {} from {}",
            queryTsig.getName(),
            client.getHostAddress());
        return List.of(error(query, Rcode.NOTAUTH).toWire());
      }
      int verified = known.get().toTsig().verify(query, wire, null);
      if (verified != Rcode.NOERROR) {
        LOG.warn(
            "TSIG {} failed for key {} from {}",
            Rcode.TSIGstring(verified),
            queryTsig.getName(),
            client);
        return List.of(error(query, Rcode.NOTAUTH).toWire());
      }
      key = known.get();
    }
    if (header.getOpcode() != Opcode.QUERY) {
      return List.of(sign(error(query, Rcode.NOTIMP), key, queryTsig).toWire());
    }
    Record question = query.getQuestion();
    if (question == null) {
      return List.of(error(query, Rcode.FORMERR).toWire());
    }
    int type = question.getType();
    if (type == Type.AXFR || type == Type.IXFR) {
      return transfer(query, question, client, tcp, key, queryTsig);
    }
    Optional<PublishedZones.Published> zone = zones.containing(question.getName());
    if (zone.isPresent()) {
      Message answer = authoritative(query, question, zone.get());
      sign(answer, key, queryTsig);
      return List.of(key != null ? answer.toWire() : answer.toWire(maxUdp(query, tcp)));
    }
    if (resolver != null) {
      return List.of(resolver.resolve(query, client, tcp));
    }
    return List.of(sign(error(query, Rcode.REFUSED), key, queryTsig).toWire());
  }

  private List<byte[]> transfer(
      Message query,
      Record question,
      InetAddress client,
      boolean tcp,
      TsigKey key,
      TSIGRecord queryTsig) {
    Name zoneName = question.getName();
    if (key == null && !transfers.allowsUnsigned(client)) {
      LOG.warn("refused unsigned transfer of {} to {}", zoneName, client.getHostAddress());
      return List.of(error(query, Rcode.REFUSED).toWire());
    }
    Optional<PublishedZones.Published> found = zones.exact(zoneName);
    if (found.isEmpty()) {
      return List.of(sign(error(query, Rcode.NOTAUTH), key, queryTsig).toWire());
    }
    PublishedZones.Published zone = found.get();
    SOARecord soa = (SOARecord) zone.records().get(0);
    if (question.getType() == Type.IXFR && clientSerial(query) == zone.serial()) {
      Message upToDate = reply(query, Rcode.NOERROR);
      upToDate.addRecord(soa, Section.ANSWER);
      return List.of(sign(upToDate, key, queryTsig).toWire());
    }
    if (!tcp) {
      // Transfers need TCP (RFC 5936); an empty truncated answer makes the client retry there.
      Message truncated = reply(query, Rcode.NOERROR);
      truncated.getHeader().setFlag(Flags.TC);
      return List.of(sign(truncated, key, queryTsig).toWire());
    }
    List<Record> stream = new ArrayList<>(zone.records());
    stream.add(soa);
    List<byte[]> messages = new ArrayList<>();
    TSIG signer = key == null ? null : key.toTsig();
    TSIGRecord previous = queryTsig;
    for (int start = 0; start < stream.size(); start += RECORDS_PER_MESSAGE) {
      Message part = reply(query, Rcode.NOERROR);
      if (start > 0) {
        part.removeAllRecords(Section.QUESTION);
      }
      for (Record record :
          stream.subList(start, Math.min(stream.size(), start + RECORDS_PER_MESSAGE))) {
        part.addRecord(record, Section.ANSWER);
      }
      if (signer != null) {
        // RFC 8945 5.3.1: the first message carries the full TSIG variables, later ones chain
        // on the previous signature with the timers only.
        signer.apply(part, previous, start == 0);
        previous = part.getTSIG();
      }
      messages.add(part.toWire());
    }
    LOG.info(
        "{} of {} serial {} to {} ({} records{})",
        Type.string(question.getType()),
        zoneName,
        zone.serial(),
        client.getHostAddress(),
        zone.records().size(),
        key == null ? ", unsigned" : ", key " + key.name());
    return messages;
  }

  private static long clientSerial(Message query) {
    for (Record record : query.getSection(Section.AUTHORITY)) {
      if (record instanceof SOARecord soa) {
        return soa.getSerial();
      }
    }
    return -1;
  }

  private static Message authoritative(
      Message query, Record question, PublishedZones.Published zone) {
    Message response = reply(query, Rcode.NOERROR);
    response.getHeader().setFlag(Flags.AA);
    SetResponse found = zone.zone().findRecords(question.getName(), question.getType());
    SOARecord soa = zone.zone().getSOA();
    if (found.isSuccessful()) {
      for (RRset set : found.answers()) {
        set.rrs(false).forEach(r -> response.addRecord(r, Section.ANSWER));
      }
    } else if (found.isCNAME()) {
      response.addRecord(found.getCNAME(), Section.ANSWER);
    } else if (found.isNXDOMAIN()) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
      response.addRecord(soa, Section.AUTHORITY);
    } else {
      response.addRecord(soa, Section.AUTHORITY);
    }
    return response;
  }

  static Message reply(Message query, int rcode) {
    Message response = new Message(query.getHeader().getID());
    Header header = response.getHeader();
    header.setFlag(Flags.QR);
    header.setOpcode(query.getHeader().getOpcode());
    if (query.getHeader().getFlag(Flags.RD)) {
      header.setFlag(Flags.RD);
    }
    header.setRcode(rcode);
    Record question = query.getQuestion();
    if (question != null) {
      response.addRecord(question, Section.QUESTION);
    }
    return response;
  }

  static Message error(Message query, int rcode) {
    return reply(query, rcode);
  }

  static int maxUdp(Message query, boolean tcp) {
    if (tcp) {
      return 65535;
    }
    OPTRecord opt = query.getOPT();
    return opt == null ? 512 : Math.max(512, Math.min(4096, opt.getPayloadSize()));
  }

  private static Message sign(Message response, TsigKey key, TSIGRecord queryTsig) {
    if (key != null) {
      key.toTsig().apply(response, queryTsig);
    }
    return response;
  }

  private static List<byte[]> formatError(byte[] wire) {
    if (wire.length < 12) {
      return List.of();
    }
    int id = ((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF);
    Message response = new Message(id);
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setRcode(Rcode.FORMERR);
    return List.of(response.toWire());
  }
}
