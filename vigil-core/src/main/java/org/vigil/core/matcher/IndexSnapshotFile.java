package org.vigil.core.matcher;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.SignalType;
import org.vigil.core.json.Json;
import org.vigil.hash.index.HammingIndex;
import org.vigil.hash.video.TmkFeatures;

/**
 * The on-disk form of every bank's in-memory indexes, with the bank change-log position they
 * reflect and the {@code vigil.banks} offsets the worker had read (docs/kafka.md, "Index
 * snapshots"). A worker restores it, applies the change log after it and is ready, instead of
 * reading every signal from the database.
 *
 * <pre>
 * magic "VIGILIS1" (8 bytes), format version (int)
 * header: int length + UTF-8 JSON {changeSeq, fingerprint, positions, createdAt, banks}
 * per bank:
 *   int length + UTF-8 JSON of the Bank (its settings)
 *   chunks: int n (1-65536), n × (long id, w0, w1, w2, w3); then int 0    PDQ
 *   chunks: int n (1-65536), n × (long id, UTF hex); then int 0            MD5
 *   chunks: int n (1-65536), n × (long id, UTF hex); then int 0            SHA-256
 *   int n, then n × (long id, int length, bytes)           TMK (the .tmk file's bytes)
 *   int n, then n × (long id)                              vPDQ: ids only, read from the store
 * CRC32C of everything above (8 bytes, big-endian)
 * </pre>
 *
 * vPDQ signals are the exception: the index keeps their filtered frames, not their text, so the
 * snapshot names them and a restore reads each from the store (videos are few beside images).
 * Numbers are big-endian (DataOutputStream). Written to a temporary file, forced to disk and moved
 * into place, so a crash never leaves half a snapshot under the real name.
 */
final class IndexSnapshotFile {

  static final long MAGIC = 0x5649_4749_4c49_5331L; // "VIGILIS1"
  static final int FORMAT = 2;
  private static final int BUFFER = 1 << 20;

  /** PDQ entries per chunk: 2.6 MB of longs while writing. */
  static final int PDQ_CHUNK = 65_536;

  /** The most PDQ entries of one bank (four code words each must fit one array). */
  private static final int MAX_PDQ = Integer.MAX_VALUE / 4;

  /** What the snapshot says about itself. */
  record Header(
      long changeSeq,
      String fingerprint,
      Map<String, Long> positions,
      Instant createdAt,
      int banks) {}

  /** A snapshot read back: its header and the banks' indexes, not yet installed. */
  record Contents(Header header, List<BankMatcher.BankIndexes> banks, List<VpdqRef> vpdq) {}

  /** A vPDQ signal the restore must read from the store. */
  record VpdqRef(String bank, long id) {}

  private IndexSnapshotFile() {}

  /** Writes the matcher's banks to {@code file}; returns the number of signals written. */
  static long write(Path file, Header header, BankMatcher matcher) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    List<BankMatcher.BankIndexes> banks = List.copyOf(matcher.indexes());
    long signals = 0;
    try {
      CRC32C crc = new CRC32C();
      try (FileChannel channel = ownerOnly(temp);
          OutputStream raw = java.nio.channels.Channels.newOutputStream(channel)) {
        DataOutputStream out =
            new DataOutputStream(
                new BufferedOutputStream(new CheckedOutputStream(uncloseable(raw), crc), BUFFER));
        out.writeLong(MAGIC);
        out.writeInt(FORMAT);
        Header written =
            new Header(
                header.changeSeq(),
                header.fingerprint(),
                header.positions(),
                header.createdAt(),
                banks.size());
        writeJson(out, written);
        for (BankMatcher.BankIndexes indexes : banks) {
          signals += writeBank(out, indexes);
        }
        out.flush();
        ByteBuffer trailer = ByteBuffer.allocate(8).putLong(crc.getValue()).flip();
        while (trailer.hasRemaining()) {
          channel.write(trailer);
        }
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return signals;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A new file only its owner may read: hash lists are often shared under confidentiality terms,
   * and a snapshot holds every bank's hashes.
   */
  private static FileChannel ownerOnly(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return FileChannel.open(
          file,
          java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    }
    return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  private static long writeBank(DataOutputStream out, BankMatcher.BankIndexes indexes)
      throws IOException {
    writeJson(out, indexes.bank);
    long signals = writePdq(out, indexes.pdq);
    signals += writeDigests(out, indexes.md5);
    signals += writeDigests(out, indexes.sha256);
    Map<Long, TmkFeatures> tmk = Map.copyOf(indexes.tmk);
    out.writeInt(tmk.size());
    for (Map.Entry<Long, TmkFeatures> entry : tmk.entrySet()) {
      byte[] bytes = entry.getValue().toBytes();
      out.writeLong(entry.getKey());
      out.writeInt(bytes.length);
      out.write(bytes);
    }
    long[] videos = indexes.vpdq.videoIds();
    out.writeInt(videos.length);
    for (long id : videos) {
      out.writeLong(id);
    }
    return signals + tmk.size() + videos.length;
  }

  /**
   * PDQ entries in chunks of at most {@link #PDQ_CHUNK}, each preceded by its count, then a zero:
   * streamed from the index as they are visited, so writing needs one chunk of memory, not a copy
   * of every entry.
   */
  private static long writePdq(DataOutputStream out, HammingIndex pdq) throws IOException {
    long[] chunk = new long[5 * PDQ_CHUNK];
    int[] fill = {0};
    long[] total = {0};
    try {
      pdq.forEachEntry(
          (id, w0, w1, w2, w3) -> {
            int at = 5 * fill[0];
            chunk[at] = id;
            chunk[at + 1] = w0;
            chunk[at + 2] = w1;
            chunk[at + 3] = w2;
            chunk[at + 4] = w3;
            if (++fill[0] == PDQ_CHUNK) {
              writeChunk(out, chunk, fill[0]);
              total[0] += fill[0];
              fill[0] = 0;
            }
          });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    if (fill[0] > 0) {
      writeChunk(out, chunk, fill[0]);
      total[0] += fill[0];
    }
    out.writeInt(0);
    return total[0];
  }

  private static void writeChunk(DataOutputStream out, long[] chunk, int count) {
    try {
      out.writeInt(count);
      for (int i = 0; i < 5 * count; i++) {
        out.writeLong(chunk[i]);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Digests in chunks like PDQ entries, streamed while the index's read lock is held: scans go on,
   * a bank change to this index waits until the digests are written.
   */
  private static int writeDigests(DataOutputStream out, org.vigil.hash.index.DigestIndex index)
      throws IOException {
    long[] ids = new long[PDQ_CHUNK];
    String[] values = new String[PDQ_CHUNK];
    int[] fill = {0};
    int[] total = {0};
    try {
      index.forEach(
          (id, hex) -> {
            ids[fill[0]] = id;
            values[fill[0]] = hex;
            if (++fill[0] == PDQ_CHUNK) {
              writeDigestChunk(out, ids, values, fill[0]);
              total[0] += fill[0];
              fill[0] = 0;
            }
          });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    if (fill[0] > 0) {
      writeDigestChunk(out, ids, values, fill[0]);
      total[0] += fill[0];
    }
    out.writeInt(0);
    return total[0];
  }

  private static void writeDigestChunk(
      DataOutputStream out, long[] ids, String[] values, int count) {
    try {
      out.writeInt(count);
      for (int i = 0; i < count; i++) {
        out.writeLong(ids[i]);
        out.writeUTF(values[i]);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads chunks of digests (see {@link #writeDigests}) into {@code index}. */
  private static void readDigests(
      DataInputStream in, Path file, org.vigil.hash.index.DigestIndex index) throws IOException {
    for (int chunk = count(in, file); chunk > 0; chunk = count(in, file)) {
      if (chunk > PDQ_CHUNK) {
        throw new IOException(file + " is corrupt: a digest chunk of " + chunk + " entries");
      }
      for (int i = 0; i < chunk; i++) {
        index.add(in.readLong(), in.readUTF());
      }
    }
  }

  /** Reads only the header (which snapshot to try, and whether it suits this database). */
  static Header readHeader(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024))) {
      checkMagic(in, file);
      return readJson(in, Header.class, file);
    }
  }

  /** Reads and checks the whole file; nothing is installed. */
  static Contents read(Path file) throws IOException {
    long length = Files.size(file);
    if (length < 20) {
      throw new IOException(file + " is truncated");
    }
    CRC32C crc = new CRC32C();
    List<BankMatcher.BankIndexes> banks = new ArrayList<>();
    List<VpdqRef> vpdq = new ArrayList<>();
    Header header;
    try (InputStream raw = Files.newInputStream(file)) {
      DataInputStream in =
          new DataInputStream(
              new BufferedInputStream(
                  new CheckedInputStream(new LimitedInputStream(raw, length - 8), crc), BUFFER));
      checkMagic(in, file);
      header = readJson(in, Header.class, file);
      for (int b = 0; b < header.banks(); b++) {
        banks.add(readBank(in, file, vpdq));
      }
      if (in.read() != -1) {
        throw new IOException(file + " is corrupt: bytes after the last bank");
      }
      long expected = new DataInputStream(raw).readLong();
      if (expected != crc.getValue()) {
        throw new IOException(file + " is corrupt: checksum mismatch");
      }
    } catch (java.io.EOFException e) {
      throw new IOException(file + " is truncated", e);
    }
    return new Contents(header, banks, vpdq);
  }

  private static BankMatcher.BankIndexes readBank(DataInputStream in, Path file, List<VpdqRef> vpdq)
      throws IOException {
    Bank bank = readJson(in, Bank.class, file);
    BankMatcher.BankIndexes indexes = new BankMatcher.BankIndexes(bank);
    long[] ids = new long[1024];
    long[] codes = new long[4 * 1024];
    int pdq = 0;
    for (int chunk = count(in, file); chunk > 0; chunk = count(in, file)) {
      if (chunk > PDQ_CHUNK || pdq + (long) chunk > MAX_PDQ) {
        throw new IOException(file + " is corrupt: a PDQ chunk of " + chunk + " entries");
      }
      if (pdq + chunk > ids.length) {
        int capacity = (int) Math.min(MAX_PDQ, Math.max(pdq + chunk, 2L * ids.length));
        ids = java.util.Arrays.copyOf(ids, capacity);
        codes = java.util.Arrays.copyOf(codes, 4 * capacity);
      }
      for (int i = pdq; i < pdq + chunk; i++) {
        ids[i] = in.readLong();
        codes[4 * i] = in.readLong();
        codes[4 * i + 1] = in.readLong();
        codes[4 * i + 2] = in.readLong();
        codes[4 * i + 3] = in.readLong();
      }
      pdq += chunk;
    }
    // One bulk load builds the PDQ index as a single segment, as a load from the store does.
    indexes.pdq.addAll(ids, codes, pdq);
    readDigests(in, file, indexes.md5);
    readDigests(in, file, indexes.sha256);
    int tmk = count(in, file);
    for (int i = 0; i < tmk; i++) {
      long id = in.readLong();
      int length = count(in, file);
      byte[] bytes = in.readNBytes(length);
      if (bytes.length != length) {
        throw new IOException(file + " is truncated");
      }
      BankMatcher.addTo(
          indexes,
          new Signal(
              id,
              bank.name(),
              SignalType.TMK,
              Base64.getEncoder().encodeToString(bytes),
              null,
              null,
              null,
              null));
    }
    int videos = count(in, file);
    for (int i = 0; i < videos; i++) {
      vpdq.add(new VpdqRef(bank.name(), in.readLong()));
    }
    return indexes;
  }

  private static int count(DataInputStream in, Path file) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException(file + " is corrupt: negative count");
    }
    return n;
  }

  private static void checkMagic(DataInputStream in, Path file) throws IOException {
    if (in.readLong() != MAGIC) {
      throw new IOException(file + " is not a Vigil index snapshot (bad magic)");
    }
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException(
          file + " has snapshot format " + format + ", this Vigil reads " + FORMAT);
    }
  }

  private static void writeJson(DataOutputStream out, Object value) throws IOException {
    byte[] json = Json.MAPPER.writeValueAsBytes(value);
    out.writeInt(json.length);
    out.write(json);
  }

  private static <T> T readJson(DataInputStream in, Class<T> type, Path file) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > (16 << 20)) {
      throw new IOException(file + " is corrupt: a header of " + length + " bytes");
    }
    byte[] json = in.readNBytes(length);
    if (json.length != length) {
      throw new IOException(file + " is truncated");
    }
    try {
      return Json.MAPPER.readValue(new String(json, StandardCharsets.UTF_8), type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(
          file + " has a header this Vigil cannot read: " + e.getOriginalMessage());
    }
  }

  /** The file's CRC covers all but its last 8 bytes: the checked stream must stop before them. */
  private static final class LimitedInputStream extends FilterInputStream {
    private long remaining;

    LimitedInputStream(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() {
      // The underlying stream is closed by its owner, after the trailer is read.
    }
  }

  private static OutputStream uncloseable(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
