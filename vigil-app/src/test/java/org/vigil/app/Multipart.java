package org.vigil.app;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds multipart/form-data bodies for upload tests. */
final class Multipart {

  final String boundary = "vigil" + UUID.randomUUID().toString().replace("-", "");
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  Multipart file(String field, String filename, String contentType, byte[] content) {
    write("--" + boundary + "\r\n");
    write(
        "Content-Disposition: form-data; name=\""
            + field
            + "\"; filename=\""
            + filename
            + "\"\r\n");
    write("Content-Type: " + contentType + "\r\n\r\n");
    body.writeBytes(content);
    write("\r\n");
    return this;
  }

  Multipart text(String field, String value) {
    write("--" + boundary + "\r\n");
    write("Content-Disposition: form-data; name=\"" + field + "\"\r\n\r\n");
    write(value + "\r\n");
    return this;
  }

  byte[] build() {
    write("--" + boundary + "--\r\n");
    return body.toByteArray();
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  private void write(String text) {
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
