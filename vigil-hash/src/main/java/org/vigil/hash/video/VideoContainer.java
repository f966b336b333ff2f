package org.vigil.hash.video;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Video container formats Vigil hashes, recognised by their signature bytes (never by file name).
 * The FFmpeg demuxer is then forced to the recognised one, so a file is never handed to FFmpeg's
 * format guessing (which would accept playlists, image sequences or text).
 */
public enum VideoContainer {
  /** ISO base media: MP4, MOV, M4V, 3GP ({@code ftyp}, or an old QuickTime top-level atom). */
  MP4("mov"),
  /** Matroska and WebM (EBML header). */
  MATROSKA("matroska"),
  /** RIFF AVI. */
  AVI("avi"),
  /** Flash video. */
  FLV("flv"),
  /** MPEG transport stream (sync byte every 188 bytes). */
  MPEG_TS("mpegts"),
  /** MPEG program stream (pack header). */
  MPEG_PS("mpeg"),
  /** Ogg (Theora). */
  OGG("ogg");

  /** Bytes {@link #sniff} looks at; read at least this many from the start of the file. */
  public static final int SNIFF_BYTES = 4 * 188 + 1;

  private final String demuxer;

  VideoContainer(String demuxer) {
    this.demuxer = demuxer;
  }

  /** FFmpeg's demuxer name ({@code -f}) for this container. */
  public String demuxer() {
    return demuxer;
  }

  /** The container whose signature starts {@code head}, if any. */
  public static Optional<VideoContainer> sniff(byte[] head, int length) {
    int n = Math.min(length, head.length);
    if (n >= 12) {
      String box = ascii(head, 4, 4);
      if (box.equals("ftyp")
          || box.equals("moov")
          || box.equals("mdat")
          || box.equals("wide")
          || box.equals("free")
          || box.equals("skip")) {
        return Optional.of(MP4);
      }
      if (ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("AVI ")) {
        return Optional.of(AVI);
      }
    }
    if (n >= 4) {
      if ((head[0] & 0xff) == 0x1a
          && (head[1] & 0xff) == 0x45
          && (head[2] & 0xff) == 0xdf
          && (head[3] & 0xff) == 0xa3) {
        return Optional.of(MATROSKA);
      }
      if (ascii(head, 0, 3).equals("FLV") && head[3] == 1) {
        return Optional.of(FLV);
      }
      if (ascii(head, 0, 4).equals("OggS")) {
        return Optional.of(OGG);
      }
      if (head[0] == 0 && head[1] == 0 && (head[2] & 0xff) == 1 && (head[3] & 0xff) == 0xba) {
        return Optional.of(MPEG_PS);
      }
    }
    if (n >= 3 * 188 + 1 && head[0] == 0x47 && head[188] == 0x47 && head[2 * 188] == 0x47) {
      return Optional.of(MPEG_TS);
    }
    return Optional.empty();
  }

  private static String ascii(byte[] b, int offset, int length) {
    return new String(b, offset, length, StandardCharsets.ISO_8859_1);
  }
}
