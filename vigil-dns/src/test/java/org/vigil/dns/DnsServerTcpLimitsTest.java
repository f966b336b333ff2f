package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Idle or slow TCP clients must not starve UDP or other clients (security review, issue 15 #1). The
 * 100 ms bound is a correctness bound (an answer at all while 1,000 connections sit idle), not a
 * speed claim.
 */
class DnsServerTcpLimitsTest {
  private final List<Socket> idle = new ArrayList<>();
  private DnsServer server;

  @AfterEach
  void stop() throws IOException {
    for (Socket s : idle) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void udp_thousandIdleTcpConnections_stillAnsweredWithin100ms() throws Exception {
    server =
        DnsServer.start(
            loopback(),
            DnsServerTcpLimitsTest::echo,
            4,
            new DnsServer.TcpLimits(4096, 2000, Duration.ofSeconds(30)));
    for (int i = 0; i < 1000; i++) {
      idle.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
    }
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      // Every query must be answered; the 100 ms bound must hold for nearly all of them. The old
      // server answered none (each query timed out). A few slow answers are tolerated because
      // this runs on shared, heavily loaded build machines where one scheduling hiccup or GC
      // pause can exceed 100 ms on its own.
      udp.setSoTimeout(2000);
      int withinBound = 0;
      for (int id = 1; id <= 20; id++) {
        byte[] query = query(id);
        long start = System.nanoTime();
        udp.send(new DatagramPacket(query, query.length, server.address()));
        DatagramPacket answer = new DatagramPacket(new byte[512], 512);
        udp.receive(answer);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(new Message(answer.getData()).getHeader().getID()).isEqualTo(id);
        if (millis < 100) {
          withinBound++;
        }
      }
      assertThat(withinBound).as("UDP answers within 100 ms, of 20").isGreaterThanOrEqualTo(18);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void tcp_thousandIdleConnectionsFromOneClient_anotherClientStillAnswered() throws Exception {
    server =
        DnsServer.start(
            loopback(),
            DnsServerTcpLimitsTest::echo,
            4,
            new DnsServer.TcpLimits(4096, 2000, Duration.ofSeconds(30)));
    for (int i = 0; i < 1000; i++) {
      idle.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
    }
    try (Socket other = new Socket()) {
      other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      other.connect(server.address());
      other.setSoTimeout(5000);
      assertThat(new Message(tcpQuery(other, 7)).getHeader().getID()).isEqualTo(7);
      assertThat(new Message(tcpQuery(other, 8)).getHeader().getID()).isEqualTo(8);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void tcp_overPerClientLimit_excessClosedOthersServed() throws Exception {
    server =
        DnsServer.start(
            loopback(),
            DnsServerTcpLimitsTest::echo,
            2,
            new DnsServer.TcpLimits(100, 3, Duration.ofSeconds(30)));
    for (int i = 0; i < 3; i++) {
      idle.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
    }
    try (Socket fourth = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      fourth.setSoTimeout(5000);
      assertThat(fourth.getInputStream().read()).isEqualTo(-1);
    }
    try (Socket other = new Socket()) {
      other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      other.connect(server.address());
      other.setSoTimeout(5000);
      assertThat(new Message(tcpQuery(other, 9)).getHeader().getID()).isEqualTo(9);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void tcp_clientDribblingBytes_closedAtRequestDeadline() throws Exception {
    server =
        DnsServer.start(
            loopback(),
            DnsServerTcpLimitsTest::echo,
            2,
            new DnsServer.TcpLimits(100, 10, Duration.ofMillis(600)));
    try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = slow.getOutputStream();
      out.write(new byte[] {0, (byte) 200}); // announces a 200-byte request
      long start = System.nanoTime();
      boolean closedByServer = false;
      // a byte every 100 ms would keep a per-byte idle timer alive forever
      for (int i = 0; i < 100 && !closedByServer; i++) {
        Thread.sleep(100);
        try {
          out.write(1);
          out.flush();
        } catch (IOException e) {
          closedByServer = true;
        }
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(closedByServer).isTrue();
      assertThat(millis).isLessThan(5000);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void tcp_pipelinedQueriesOnOneConnection_allAnsweredInOrder() throws Exception {
    server = DnsServer.start(loopback(), DnsServerTcpLimitsTest::echo, 2);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      for (int id = 1; id <= 5; id++) {
        byte[] q = query(id);
        out.writeShort(q.length);
        out.write(q);
      }
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (int id = 1; id <= 5; id++) {
        byte[] answer = new byte[in.readUnsignedShort()];
        in.readFully(answer);
        assertThat(new Message(answer).getHeader().getID()).isEqualTo(id);
      }
    }
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  static byte[] query(int id) throws IOException {
    Message m =
        Message.newQuery(Record.newRecord(Name.fromString("example.org."), Type.A, DClass.IN));
    m.getHeader().setID(id);
    return m.toWire();
  }

  static byte[] tcpQuery(Socket socket, int id) throws IOException {
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    byte[] q = query(id);
    out.writeShort(q.length);
    out.write(q);
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] answer = new byte[in.readUnsignedShort()];
    in.readFully(answer);
    return answer;
  }

  /** Answers every query with an empty reply carrying its id and question. */
  static List<byte[]> echo(byte[] wire, InetAddress client, boolean tcp) {
    try {
      Message request = new Message(wire);
      Message reply = new Message(request.getHeader().getID());
      reply.getHeader().setFlag(Flags.QR);
      reply.addRecord(request.getQuestion(), Section.QUESTION);
      return List.of(reply.toWire());
    } catch (IOException e) {
      return List.of();
    }
  }
}
