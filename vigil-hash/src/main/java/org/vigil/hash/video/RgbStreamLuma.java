package org.vigil.hash.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.vigil.hash.pdq.LumaSource;

/**
 * One packed RGB24 frame read from a stream row by row, as PDQ pulls it: the hasher asks for rows
 * 0, 1, 2, ... in order, so a frame is converted straight from the pipe and never held whole (an 8K
 * frame would be 100 MB). Luminance is the reference's {@code (0.299f·R + 0.587f·G) + 0.114f·B}.
 *
 * <p>Not thread-safe; one instance per reader, re-armed with {@link #start} for every frame.
 */
final class RgbStreamLuma implements LumaSource {

  private static final float[] RED = table(0.299f);
  private static final float[] GREEN = table(0.587f);
  private static final float[] BLUE = table(0.114f);

  private final int width;
  private final int height;
  private final byte[] row;
  private InputStream in;
  private int nextRow;

  RgbStreamLuma(int width, int height) {
    this.width = width;
    this.height = height;
    this.row = new byte[3 * width];
  }

  /**
   * Arms the source for the next frame, whose {@code 3·width·height} bytes come from {@code in}.
   */
  void start(InputStream in) {
    this.in = in;
    this.nextRow = 0;
  }

  /** Reads (and drops) the rows of the current frame nobody asked for. */
  void finish() throws IOException {
    while (nextRow < height) {
      readRow();
    }
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public void lumaRow(int y, float[] dst, int offset) {
    if (y != nextRow) {
      throw new IllegalStateException("rows must be read in order: asked " + y + ", at " + nextRow);
    }
    try {
      readRow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] rgb = row;
    for (int x = 0, i = 0; x < width; x++, i += 3) {
      dst[offset + x] = (RED[rgb[i] & 0xff] + GREEN[rgb[i + 1] & 0xff]) + BLUE[rgb[i + 2] & 0xff];
    }
  }

  private void readRow() throws IOException {
    int n = in.readNBytes(row, 0, row.length);
    if (n != row.length) {
      throw new TruncatedFrameException();
    }
    nextRow++;
  }

  private static float[] table(float weight) {
    float[] t = new float[256];
    for (int v = 0; v < 256; v++) {
      t[v] = weight * v;
    }
    return t;
  }

  /** The decoder's output stopped inside a frame. */
  static final class TruncatedFrameException extends IOException {
    private static final long serialVersionUID = 1L;

    TruncatedFrameException() {
      super("FFmpeg's output ended inside a frame");
    }
  }
}
