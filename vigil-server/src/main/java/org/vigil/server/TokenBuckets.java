package org.vigil.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller (API key): each holds up to {@code burst} tokens and refills at {@code
 * perSecond}; a call takes one. Used on POST /v1/decide, which answers whether identifiers are
 * under a court order and so must not be an unlimited oracle (security review, issue 15 #8).
 * Buckets are per key, and keys are few (issued by an admin), so the map stays small.
 */
public final class TokenBuckets {

  private final double perNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param perSecond sustained rate; 0 = unlimited
   * @param burst tokens a caller may spend at once
   */
  public TokenBuckets(double perSecond, int burst) {
    this(perSecond, burst, System::nanoTime);
  }

  TokenBuckets(double perSecond, int burst, LongSupplier nanoTime) {
    if (!(perSecond >= 0) || burst < 1) {
      throw new IllegalArgumentException("rate must be >= 0 and burst >= 1");
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** No limit at all. */
  public static TokenBuckets unlimited() {
    return new TokenBuckets(0, 1);
  }

  /**
   * Takes a token for {@code caller}.
   *
   * @return 0 when allowed, else the whole seconds until a token is available (for Retry-After)
   */
  public long take(String caller) {
    if (perNano == 0) {
      return 0;
    }
    return buckets.computeIfAbsent(caller, k -> new Bucket(burst, nanoTime.getAsLong())).take();
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized long take() {
      long now = nanoTime.getAsLong();
      tokens = Math.min(burst, tokens + (now - last) * perNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double waitNanos = (1 - tokens) / perNano;
      return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
    }
  }
}
