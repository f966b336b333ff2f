package org.vigil.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP and TCP listeners on one address and port, handing each request to a {@link RequestHandler}.
 *
 * <p>Why this shape: a thread per TCP connection let 32 idle connections stop the whole server
 * (security review, issue 15 #1). Now UDP has its own receive thread and worker pool, and TCP is
 * served by ONE selector thread that owns every connection's buffers: an idle connection costs a
 * file descriptor and a few bytes, never a thread. Only a complete request reaches the TCP worker
 * pool (separate from UDP's), and a connection does not read its next request until its answer is
 * queued, so one client holds at most one worker. Limits: connections in total and per client
 * address (excess connections are closed at accept), and a total deadline for each request (counted
 * from the connection's start or its previous answer, NOT reset by each byte, so a client that
 * dribbles a byte at a time is closed like an idle one). Under overload UDP requests are dropped
 * (clients retry) rather than queued without bound.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
  private static final long SELECT_MILLIS = 200;

  /**
   * TCP limits.
   *
   * @param maxConnections open TCP connections in total
   * @param maxPerClient open TCP connections from one client address
   * @param requestDeadline time a connection has, from its start or its previous answer, to send a
   *     complete request; then it is closed
   */
  public record TcpLimits(int maxConnections, int maxPerClient, Duration requestDeadline) {
    public TcpLimits {
      if (maxConnections < 1 || maxPerClient < 1) {
        throw new IllegalArgumentException("TCP connection limits must be at least 1");
      }
      Objects.requireNonNull(requestDeadline, "requestDeadline");
      if (requestDeadline.isNegative() || requestDeadline.isZero()) {
        throw new IllegalArgumentException("requestDeadline must be positive");
      }
    }

    /**
     * 4,096 connections, 32 per client address, 10 s per request (RFC 7766 §6.2.3 suggests idle
     * timeouts of seconds).
     */
    public static TcpLimits defaults() {
      return new TcpLimits(4096, 32, Duration.ofSeconds(10));
    }
  }

  private final RequestHandler handler;
  private final TcpLimits limits;
  private final DatagramSocket udp;
  private final ServerSocketChannel tcp;
  private final Selector selector;
  private final ExecutorService udpWorkers;
  private final ExecutorService tcpWorkers;
  private final Thread udpThread;
  private final Thread tcpThread;
  private final Queue<Runnable> answered = new ConcurrentLinkedQueue<>();
  // confined to the selector thread
  private final Set<Connection> connections = new HashSet<>();
  private final Map<InetAddress, Integer> perClient = new HashMap<>();
  private volatile boolean closed;

  private DnsServer(
      RequestHandler handler,
      TcpLimits limits,
      DatagramSocket udp,
      ServerSocketChannel tcp,
      Selector selector,
      int threads) {
    this.handler = handler;
    this.limits = limits;
    this.udp = udp;
    this.tcp = tcp;
    this.selector = selector;
    this.udpWorkers = pool("vigil-dns-udp-", threads);
    this.tcpWorkers = pool("vigil-dns-tcp-", threads);
    this.udpThread = new Thread(this::udpLoop, "vigil-dns-udp");
    this.tcpThread = new Thread(this::tcpLoop, "vigil-dns-tcp");
    udpThread.setDaemon(true);
    tcpThread.setDaemon(true);
  }

  private static ExecutorService pool(String prefix, int threads) {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        30,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(1024),
        r -> {
          Thread t = new Thread(r, prefix + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  /** {@link #start(InetSocketAddress, RequestHandler, int, TcpLimits)} with default TCP limits. */
  public static DnsServer start(InetSocketAddress address, RequestHandler handler, int threads)
      throws IOException {
    return start(address, handler, threads, TcpLimits.defaults());
  }

  /**
   * Binds UDP and TCP on {@code address} (port 0 picks a free port, the same for both) and starts
   * serving with {@code threads} workers for UDP and as many for TCP.
   */
  public static DnsServer start(
      InetSocketAddress address, RequestHandler handler, int threads, TcpLimits limits)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(limits, "limits");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      DatagramSocket udp = new DatagramSocket(null);
      ServerSocketChannel tcp = ServerSocketChannel.open();
      Selector selector = null;
      try {
        udp.bind(address);
        tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        tcp.bind(new InetSocketAddress(address.getAddress(), udp.getLocalPort()), 128);
        tcp.configureBlocking(false);
        selector = Selector.open();
        tcp.register(selector, SelectionKey.OP_ACCEPT);
        DnsServer server = new DnsServer(handler, limits, udp, tcp, selector, threads);
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
        if (selector != null) {
          selector.close();
        }
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
        udpWorkers.execute(() -> answerUdp(request, from));
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
      if (!closed) {
        LOG.warn("UDP request from {} failed: {}", from, e.toString());
      }
    }
  }

  private void tcpLoop() {
    try {
      while (!closed) {
        selector.select(SELECT_MILLIS);
        Runnable task;
        while ((task = answered.poll()) != null) {
          task.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            acceptAll();
          } else {
            Connection c = (Connection) key.attachment();
            if (key.isReadable()) {
              c.read();
            }
            if (key.isValid() && key.isWritable()) {
              c.write();
            }
          }
        }
        selector.selectedKeys().clear();
        closeExpired(System.nanoTime());
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.error("DNS TCP listener stopped: {}", e.toString());
      }
    } finally {
      for (Connection c : List.copyOf(connections)) {
        c.close();
      }
      closeQuietly(selector);
    }
  }

  private void acceptAll() throws IOException {
    SocketChannel channel;
    while ((channel = tcp.accept()) != null) {
      InetAddress client = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
      int fromClient = perClient.getOrDefault(client, 0);
      if (connections.size() >= limits.maxConnections() || fromClient >= limits.maxPerClient()) {
        LOG.debug("refusing TCP connection from {}: connection limit", client);
        closeQuietly(channel);
        continue;
      }
      channel.configureBlocking(false);
      Connection c = new Connection(channel, client);
      c.key = channel.register(selector, SelectionKey.OP_READ, c);
      connections.add(c);
      perClient.put(client, fromClient + 1);
    }
  }

  private void closeExpired(long now) {
    List<Connection> expired = null;
    for (Connection c : connections) {
      if (!c.busy && now - c.deadlineNanos > 0) {
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(c);
      }
    }
    if (expired != null) {
      for (Connection c : expired) {
        LOG.debug("closing TCP connection from {}: request deadline passed", c.client);
        c.close();
      }
    }
  }

  /** One TCP client: its framing buffers, queued answers and deadline. Selector-thread only. */
  private final class Connection {
    private final SocketChannel channel;
    private final InetAddress client;
    private final ByteBuffer length = ByteBuffer.allocate(2);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private SelectionKey key;
    private ByteBuffer body;
    private boolean busy;
    private boolean open = true;
    private long deadlineNanos;

    Connection(SocketChannel channel, InetAddress client) {
      this.channel = channel;
      this.client = client;
      renewDeadline();
    }

    private void renewDeadline() {
      deadlineNanos = System.nanoTime() + limits.requestDeadline().toNanos();
    }

    void read() {
      try {
        if (length.hasRemaining()) {
          if (channel.read(length) < 0) {
            close();
            return;
          }
          if (length.hasRemaining()) {
            return;
          }
          int size = Short.toUnsignedInt(length.getShort(0));
          if (size == 0) {
            close();
            return;
          }
          body = ByteBuffer.allocate(size);
        }
        if (channel.read(body) < 0) {
          close();
          return;
        }
        if (!body.hasRemaining()) {
          dispatch(body.array());
        }
      } catch (IOException e) {
        LOG.debug("TCP read from {} failed: {}", client, e.toString());
        close();
      }
    }

    private void dispatch(byte[] request) {
      length.clear();
      body = null;
      busy = true;
      key.interestOps(0);
      try {
        tcpWorkers.execute(() -> answer(request));
      } catch (RejectedExecutionException e) {
        LOG.debug("closing TCP connection from {}: workers busy", client);
        close();
      }
    }

    private void answer(byte[] request) {
      List<byte[]> responses;
      try {
        responses = handler.handle(request, client, true);
      } catch (RuntimeException e) {
        LOG.warn("TCP request from {} failed: {}", client, e.toString());
        responses = null;
      }
      List<byte[]> result = responses;
      answered.add(() -> queue(result));
      selector.wakeup();
    }

    private void queue(List<byte[]> responses) {
      if (!open) {
        return;
      }
      busy = false;
      if (responses == null) {
        close();
        return;
      }
      for (byte[] r : responses) {
        ByteBuffer framed = ByteBuffer.allocate(2 + r.length);
        framed.putShort((short) r.length).put(r).flip();
        out.add(framed);
      }
      renewDeadline();
      write();
    }

    void write() {
      try {
        while (!out.isEmpty()) {
          ByteBuffer head = out.peek();
          if (channel.write(head) > 0) {
            renewDeadline();
          }
          if (head.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
          }
          out.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
      } catch (IOException e) {
        LOG.debug("TCP write to {} failed: {}", client, e.toString());
        close();
      }
    }

    void close() {
      if (!open) {
        return;
      }
      open = false;
      busy = false;
      if (key != null) {
        key.cancel();
      }
      closeQuietly(channel);
      connections.remove(this);
      perClient.computeIfPresent(client, (k, n) -> n > 1 ? n - 1 : null);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("close failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    closeQuietly(tcp);
    selector.wakeup();
    try {
      tcpThread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    udpWorkers.shutdownNow();
    tcpWorkers.shutdownNow();
  }
}
