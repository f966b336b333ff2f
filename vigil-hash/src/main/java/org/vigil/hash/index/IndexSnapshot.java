package org.vigil.hash.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a {@link MultiIndexHammingIndex}: only its live entries, 40 bytes each, so 10
 * million entries take 400 MB; loading re-indexes them in one bulk build.
 *
 * <pre>
 * offset  size      field (little-endian)
 * 0       8         magic "VIGILHX1"
 * 8       4         entry count n
 * 12      8·n       ids
 * 12+8n   32·n      codes, w0..w3 per entry
 * end−8   8         CRC32C of everything before it
 * </pre>
 *
 * Saving writes a temporary file and moves it into place, so a crash never leaves half a snapshot
 * under the real name. Storing the segments' postings and directories too would make the file
 * almost three times larger (1.1 GB at 10 million) to save the bulk build, about 2 s on two cores.
 */
final class IndexSnapshot {

  private static final long MAGIC = 0x3158_4853_4c49_4749L; // "VIGILHX1" little-endian
  private static final int CHUNK = 1 << 20;

  private IndexSnapshot() {}

  static void write(Path file, long[] ids, long[] codes, int count) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      buffer.putLong(MAGIC).putInt(count);
      for (int i = 0; i < count; i++) {
        if (buffer.remaining() < 8) {
          flush(channel, buffer, crc);
        }
        buffer.putLong(ids[i]);
      }
      for (int i = 0; i < 4 * count; i++) {
        if (buffer.remaining() < 8) {
          flush(channel, buffer, crc);
        }
        buffer.putLong(codes[i]);
      }
      flush(channel, buffer, crc);
      buffer.putLong(crc.getValue()).flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void flush(FileChannel channel, ByteBuffer buffer, CRC32C crc) throws IOException {
    buffer.flip();
    crc.update(buffer.duplicate());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  /**
   * Reads a snapshot straight into a fresh entry store (no intermediate copy of 400 MB at 10
   * million entries) and hands it to {@code index}, which must be empty, to index in one bulk
   * build.
   */
  static void read(Path file, MultiIndexHammingIndex index) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = channel.size();
      ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, header, file);
      header.flip();
      if (length < 20 || header.getLong() != MAGIC) {
        throw new IOException(file + " is not a Vigil index snapshot (bad magic)");
      }
      int count = header.getInt();
      if (count < 0 || count > EntryStore.MAX_CAPACITY || length != 12 + 40L * count + 8) {
        throw new IOException(
            file + " is truncated or corrupt: " + length + " bytes for " + count + " entries");
      }
      CRC32C crc = new CRC32C();
      header.flip();
      crc.update(header);
      EntryStore store = new EntryStore(Math.max(16, count));
      ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      readLongs(channel, buffer, crc, store.ids, count, file);
      readCodes(channel, buffer, crc, store, count, file);
      ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, trailer, file);
      trailer.flip();
      if (trailer.getLong() != crc.getValue()) {
        throw new IOException(file + " is corrupt: checksum mismatch");
      }
      index.adopt(store, count);
    }
  }

  /** Reads 4·count code words (w0..w3 per entry) into the store's front and back halves. */
  private static void readCodes(
      FileChannel channel, ByteBuffer buffer, CRC32C crc, EntryStore store, int count, Path file)
      throws IOException {
    long[] front = store.front;
    long[] back = store.back;
    long words = 4L * count;
    long done = 0;
    while (done < words) {
      buffer.clear();
      buffer.limit((int) Math.min(CHUNK, 8 * (words - done)));
      readFully(channel, buffer, file);
      buffer.flip();
      crc.update(buffer.duplicate());
      // CHUNK is a multiple of 32 bytes, so every chunk holds whole entries.
      while (buffer.hasRemaining()) {
        int h = (int) (done >>> 1);
        front[h] = buffer.getLong();
        front[h + 1] = buffer.getLong();
        back[h] = buffer.getLong();
        back[h + 1] = buffer.getLong();
        done += 4;
      }
    }
  }

  private static void readLongs(
      FileChannel channel, ByteBuffer buffer, CRC32C crc, long[] into, int count, Path file)
      throws IOException {
    int done = 0;
    while (done < count) {
      buffer.clear();
      buffer.limit((int) Math.min(CHUNK, 8L * (count - done)));
      readFully(channel, buffer, file);
      buffer.flip();
      crc.update(buffer.duplicate());
      int n = buffer.remaining() / 8;
      buffer.asLongBuffer().get(into, done, n);
      done += n;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, Path file)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException(file + " is truncated");
      }
    }
  }
}
