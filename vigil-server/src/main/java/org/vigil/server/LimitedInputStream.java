package org.vigil.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails with a 413 once more than {@code limit} bytes have been read, for streamed bodies (bulk
 * import) whose length is not declared up front.
 */
public final class LimitedInputStream extends FilterInputStream {

  private final long limit;
  private long consumed;

  public LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(long n) {
    consumed += n;
    if (consumed > limit) {
      throw ApiException.tooLarge(limit);
    }
  }
}
