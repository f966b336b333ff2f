package org.vigil.hash.decode;

/**
 * The image formats Vigil decodes, recognised by their signature bytes, never by a file name: a
 * file with the wrong extension is decoded as what it is, and anything else is refused before a
 * decoder sees it.
 */
public enum ImageFormat {
  JPEG("jpeg"),
  PNG("png"),
  GIF("gif"),
  BMP("bmp"),
  WEBP("webp");

  private final String imageIoName;

  ImageFormat(String imageIoName) {
    this.imageIoName = imageIoName;
  }

  String imageIoName() {
    return imageIoName;
  }

  /** The format whose signature {@code bytes} start with, or null. */
  public static ImageFormat sniff(byte[] bytes) {
    if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (startsWith(bytes, 0, 'B', 'M')) {
      return BMP;
    }
    if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
      return WEBP;
    }
    return null;
  }

  private static boolean startsWith(byte[] bytes, int at, int... signature) {
    if (bytes.length < at + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((bytes[at + i] & 0xff) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
