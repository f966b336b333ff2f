package org.vigil.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP and TCP listeners on one address and port, handing each request to a {@link RequestHandler}
 * on a bounded worker pool. Under overload UDP requests are dropped (clients retry) rather than
 * queued without bound; a TCP connection idle for 30 s is closed.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
  private static final int TCP_IDLE_MILLIS = 30_000;

  private final RequestHandler handler;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final ExecutorService workers;
  private final Thread udpThread;
  private final Thread tcpThread;
  private volatile boolean closed;

  private DnsServer(RequestHandler handler, DatagramSocket udp, ServerSocket tcp, int threads) {
    this.handler = handler;
    this.udp = udp;
    this.tcp = tcp;
    AtomicInteger count = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024),
            r -> {
              Thread t = new Thread(r, "vigil-dns-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    this.udpThread = new Thread(this::udpLoop, "vigil-dns-udp");
    this.tcpThread = new Thread(this::tcpLoop, "vigil-dns-tcp");
    udpThread.setDaemon(true);
    tcpThread.setDaemon(true);
  }

  /**
   * Binds UDP and TCP on {@code address} (port 0 picks a free port, the same for both) and starts
   * serving.
   */
  public static DnsServer start(InetSocketAddress address, RequestHandler handler, int threads)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      DatagramSocket udp = new DatagramSocket(null);
      ServerSocket tcp = new ServerSocket();
      try {
        udp.bind(address);
        tcp.setReuseAddress(true);
        tcp.bind(new InetSocketAddress(address.getAddress(), udp.getLocalPort()), 128);
        DnsServer server = new DnsServer(handler, udp, tcp, threads);
        server.udpThread.start();
        server.tcpThread.start();
        LOG.info(
            "DNS listening on {}:{} (UDP and TCP)",
            address.getAddress().getHostAddress(),
            udp.getLocalPort());
        return server;
      } catch (IOException e) {
        udp.close();
        tcp.close();
        last = e;
        if (address.getPort() != 0) {
          break;
        }
      }
    }
    throw new IOException("cannot listen on " + address + ": " + last.getMessage(), last);
  }

  /** The bound port. */
  public int port() {
    return udp.getLocalPort();
  }

  /** The bound address and port. */
  public InetSocketAddress address() {
    return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
  }

  private void udpLoop() {
    byte[] buffer = new byte[65535];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("UDP receive failed: {}", e.toString());
        }
        continue;
      }
      byte[] request = Arrays.copyOf(packet.getData(), packet.getLength());
      InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
      try {
        workers.execute(() -> answerUdp(request, from));
      } catch (RejectedExecutionException e) {
        LOG.debug("dropping UDP request from {}: workers busy", from);
      }
    }
  }

  private void answerUdp(byte[] request, InetSocketAddress from) {
    try {
      List<byte[]> responses = handler.handle(request, from.getAddress(), false);
      if (!responses.isEmpty()) {
        byte[] response = responses.get(0);
        udp.send(new DatagramPacket(response, response.length, from));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("UDP request from {} failed: {}", from, e.toString());
    }
  }

  private void tcpLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("TCP accept failed: {}", e.toString());
        }
        continue;
      }
      try {
        workers.execute(() -> serveConnection(socket));
      } catch (RejectedExecutionException e) {
        closeQuietly(socket);
      }
    }
  }

  private void serveConnection(Socket socket) {
    try (socket) {
      socket.setSoTimeout(TCP_IDLE_MILLIS);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      while (!closed) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException | SocketTimeoutException e) {
          return;
        }
        byte[] request = new byte[length];
        in.readFully(request);
        for (byte[] response : handler.handle(request, socket.getInetAddress(), true)) {
          out.writeShort(response.length);
          out.write(response);
        }
        out.flush();
      }
    } catch (SocketException | EOFException e) {
      LOG.debug("TCP connection closed: {}", e.toString());
    } catch (IOException | RuntimeException e) {
      LOG.warn("TCP connection from {} failed: {}", socket.getInetAddress(), e.toString());
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("close failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      LOG.debug("close failed: {}", e.toString());
    }
    workers.shutdownNow();
  }
}
