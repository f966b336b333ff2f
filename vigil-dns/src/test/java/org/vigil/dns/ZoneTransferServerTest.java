package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.testing.MutableClock;
import org.vigil.dns.support.Probe;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/** The zone server as a secondary sees it, through dnsjava's own transfer client. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ZoneTransferServerTest {
  private static final Name SOCIAL = name("social_network.rpz.vigil.");

  private final TsigKey key = TsigKey.generate("vigil-rpz");
  private final PublishedZones zones =
      new PublishedZones(
          RpzSettings.defaults(),
          new ZoneSerials(new MutableClock(Instant.parse("2026-11-23T00:00:00Z"))));
  private DnsServer server;

  private InetSocketAddress start(List<ClientPrefix> unsigned) throws IOException {
    zones.publish(ServiceCatalogue.bundled());
    server =
        DnsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new ZoneRequestHandler(zones, new TransferPolicy(key, unsigned), null),
            4);
    return server.address();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void axfr_signedWithMasterKey_wholeZoneBetweenTwoSoas() throws Exception {
    InetSocketAddress address = start(List.of());
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(SOCIAL, address, key.toTsig());
    xfr.run();
    List<Record> records = xfr.getAXFR();
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(records.get(records.size() - 1)).isEqualTo(records.get(0));
    // the zone's records plus the closing SOA
    assertThat(records)
        .hasSize(zones.of(ServiceCategory.SOCIAL_NETWORK).orElseThrow().records().size() + 1);
    assertThat(records)
        .anyMatch(r -> r.getName().equals(name("*.facebook.com.social_network.rpz.vigil.")));
  }

  @Test
  void axfr_signedWithDerivedViewKey_accepted() throws Exception {
    InetSocketAddress address = start(List.of());
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(SOCIAL, address, key.derive("r05").toTsig());
    xfr.run();
    assertThat(xfr.getAXFR()).isNotEmpty();
  }

  @Test
  void axfr_largeZone_spansManyMessagesEachSigned() throws Exception {
    StringBuilder domains = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      domains.append(i == 0 ? "" : ", ").append("bulk").append(i).append(".example");
    }
    zones.publish(EnforcementScenarios.catalogueWith("bulk", "forum", domains.toString()));
    server =
        DnsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new ZoneRequestHandler(zones, new TransferPolicy(key, List.of()), null),
            4);
    ZoneTransferIn xfr =
        ZoneTransferIn.newAXFR(name("forum.rpz.vigil."), server.address(), key.toTsig());
    xfr.run();
    int expected = zones.of(ServiceCategory.FORUM).orElseThrow().records().size();
    assertThat(expected).isGreaterThan(ZoneRequestHandler.RECORDS_PER_MESSAGE * 10);
    assertThat(xfr.getAXFR()).hasSize(expected + 1);
  }

  @Test
  void axfr_unsignedFromUnlistedAddress_refused() throws Exception {
    InetSocketAddress address = start(List.of(ClientPrefix.parse("192.0.2.0/24")));
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(SOCIAL, address, null);
    assertThatThrownBy(xfr::run)
        .isInstanceOf(ZoneTransferException.class)
        .hasMessageContaining("REFUSED");
  }

  @Test
  void axfr_unsignedFromListedAddress_allowed() throws Exception {
    InetSocketAddress address = start(List.of(ClientPrefix.parse("127.0.0.0/8")));
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(SOCIAL, address, null);
    xfr.run();
    assertThat(xfr.getAXFR()).isNotEmpty();
  }

  @Test
  void axfr_wrongSecret_rejected() throws Exception {
    InetSocketAddress address = start(List.of());
    TSIG forged = new TSIG(TSIG.HMAC_SHA256, key.name(), new byte[32]);
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(SOCIAL, address, forged);
    assertThatThrownBy(xfr::run).isInstanceOf(ZoneTransferException.class);
  }

  @Test
  void ixfr_clientAtCurrentSerial_singleSoaSaysUpToDate() throws Exception {
    InetSocketAddress address = start(List.of());
    long serial = zones.of(ServiceCategory.SOCIAL_NETWORK).orElseThrow().serial();
    ZoneTransferIn xfr = ZoneTransferIn.newIXFR(SOCIAL, serial, false, address, key.toTsig());
    xfr.run();
    assertThat(xfr.isCurrent()).isTrue();
  }

  @Test
  void ixfr_clientBehind_getsFullZoneAsAxfr() throws Exception {
    InetSocketAddress address = start(List.of());
    long serial = zones.of(ServiceCategory.SOCIAL_NETWORK).orElseThrow().serial();
    ZoneTransferIn xfr = ZoneTransferIn.newIXFR(SOCIAL, serial - 1, false, address, key.toTsig());
    xfr.run();
    assertThat(xfr.isAXFR()).isTrue();
    assertThat(xfr.getAXFR()).hasSizeGreaterThan(10);
  }

  @Test
  void publish_changedCatalogue_onlyChangedZoneGetsNewSerial() throws Exception {
    start(List.of());
    long social = zones.of(ServiceCategory.SOCIAL_NETWORK).orElseThrow().serial();
    long forum = zones.of(ServiceCategory.FORUM).orElseThrow().serial();
    List<ServiceCategory> changed =
        zones.publish(EnforcementScenarios.catalogueWith("extra", "forum", "extra.example"));
    assertThat(changed).containsExactly(ServiceCategory.FORUM);
    assertThat(zones.of(ServiceCategory.SOCIAL_NETWORK).orElseThrow().serial()).isEqualTo(social);
    assertThat(zones.of(ServiceCategory.FORUM).orElseThrow().serial()).isGreaterThan(forum);
  }

  @Test
  void soaQuery_overUdp_authoritativeAnswer() throws Exception {
    InetSocketAddress address = start(List.of());
    Message answer = Probe.query(address, "127.0.0.1", "social_network.rpz.vigil", Type.SOA);
    assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(Probe.answers(answer)).singleElement().isInstanceOf(SOARecord.class);
  }

  @Test
  void queryOutsideZones_withoutResolver_refused() throws Exception {
    InetSocketAddress address = start(List.of());
    Message answer = Probe.query(address, "127.0.0.1", "example.org", Type.A);
    assertThat(answer.getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void garbage_overUdp_formerrAndServerKeepsServing() throws Exception {
    InetSocketAddress address = start(List.of());
    try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
      socket.setSoTimeout(2000);
      byte[] junk = {0x12, 0x34, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 1, 2, 3};
      socket.send(new java.net.DatagramPacket(junk, junk.length, address));
      java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[512], 512);
      socket.receive(reply);
      Message response = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
      assertThat(response.getHeader().getID()).isEqualTo(0x1234);
      assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
    }
    assertThat(Probe.query(address, "127.0.0.1", "social_network.rpz.vigil", Type.SOA).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  private static Name name(String text) {
    return RpzSettings.name(text);
  }
}
