package org.vigil.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.vigil.core.audit.AuditCheckpoint;
import org.vigil.core.audit.AuditCheckpointLog;
import org.vigil.core.json.Json;

/**
 * Signed audit checkpoints as JSON lines in a file opened only for appending, each line forced to
 * disk before {@link #append} returns. Copy the file (or {@code GET /v1/audit/checkpoints}) to
 * somewhere the database's administrators cannot write, and verify against the copy with {@code
 * vigil audit verify --checkpoints FILE}.
 */
public final class FileAuditCheckpointLog implements AuditCheckpointLog {

  private final Path file;

  public FileAuditCheckpointLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void append(AuditCheckpoint checkpoint) {
    byte[] line;
    try {
      line = (Json.MAPPER.writeValueAsString(checkpoint) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("checkpoint is not serialisable", e);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      // READ with APPEND is refused by the JDK: open for read and write, and write at the end.
      // Only this synchronized method writes the file, so the end does not move underneath.
      try (FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        long end = channel.size();
        if (end > 0) {
          // A crash mid-append leaves a line without its newline: start on a fresh line.
          ByteBuffer last = ByteBuffer.allocate(1);
          channel.read(last, end - 1);
          if (last.get(0) != '\n') {
            end += channel.write(ByteBuffer.wrap(new byte[] {'\n'}), end);
          }
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          end += channel.write(buffer, end);
        }
        channel.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit checkpoint file " + file, e);
    }
  }

  @Override
  public synchronized List<AuditCheckpoint> all() {
    try {
      return read(file, true);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit checkpoint file " + file, e);
    }
  }

  /**
   * Reads a checkpoint file (this log's, or an auditor's copy).
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException naming the file and line when a line is not a checkpoint
   */
  public static List<AuditCheckpoint> read(Path file) throws IOException {
    return read(file, false);
  }

  /**
   * As {@link #read(Path)}; with {@code skipTorn}, a line cut short by a crash mid-append is
   * skipped (this process's own file) instead of refused (an auditor's copy).
   */
  private static List<AuditCheckpoint> read(Path file, boolean skipTorn) throws IOException {
    List<AuditCheckpoint> checkpoints = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        AuditCheckpoint c = Json.MAPPER.readValue(line, AuditCheckpoint.class);
        if (c.hash() == null
            || c.signedAt() == null
            || c.publicKey() == null
            || c.signature() == null) {
          throw new IllegalArgumentException("a field is missing");
        }
        checkpoints.add(c);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        if (skipTorn) {
          continue;
        }
        throw new IllegalArgumentException(
            file + " line " + number + " is not an audit checkpoint", e);
      }
    }
    return checkpoints;
  }
}
