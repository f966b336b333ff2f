package org.vigil.report.ncmec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The CyberTipline Reporting API over HTTPS with Basic authentication: one method per documented
 * endpoint. Each call either returns NCMEC's answer or throws {@link CyberTiplineException}; the
 * sequencing, retries and state live in {@link CyberTiplineFiling}.
 */
public final class CyberTiplineClient {

  /** NCMEC's test environment, the default: reports sent there are discarded. */
  public static final URI TEST_URL = URI.create("https://exttest.cybertip.org/ispws");

  /** Production: only with VIGIL_NCMEC_PRODUCTION=true. */
  public static final URI PRODUCTION_URL = URI.create("https://report.cybertip.org/ispws");

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final String authorization;
  private final HttpClient http;

  /** What /upload answered: NCMEC's file id and the MD5 of what it received. */
  public record Upload(String fileId, String md5) {}

  /**
   * @param base e.g. {@link #TEST_URL}; must be https except on a loopback address (tests)
   */
  public CyberTiplineClient(URI base, String user, String password) {
    String path = base.toString().replaceAll("/+$", "");
    this.base = URI.create(path);
    boolean loopback =
        "localhost".equals(this.base.getHost()) || "127.0.0.1".equals(this.base.getHost());
    if (!"https".equals(this.base.getScheme()) && !loopback) {
      throw new IllegalArgumentException("the CyberTipline URL must be https: " + base);
    }
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The current report schema, as NCMEC serves it. */
  public String schema() {
    return send(request("/xsd").GET().build()).body();
  }

  /** Opens a report; returns its id. */
  public long submit(String reportXml) {
    Element response = ok(post("/submit", "text/xml; charset=utf-8", reportXml));
    return Long.parseLong(child(response, "reportId"));
  }

  public Upload upload(long reportId, String fileName, byte[] bytes) {
    String boundary = "vigil-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n"
                + reportId
                + "\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName.replaceAll("[\"\\r\\n]", "_")
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        request("/upload")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, bytes, tail)))
            .build();
    Element response = ok(send(request));
    return new Upload(child(response, "fileId"), child(response, "hash"));
  }

  public void fileInfo(String fileDetailsXml) {
    ok(post("/fileinfo", "text/xml; charset=utf-8", fileDetailsXml));
  }

  /**
   * Completes the report; returns the file ids NCMEC holds for it. After this NCMEC has the report
   * and it can no longer be changed or cancelled.
   */
  public List<String> finish(long reportId) {
    Element response = ok(post("/finish", "application/x-www-form-urlencoded", form(reportId)));
    List<String> files = new ArrayList<>();
    NodeList ids = response.getElementsByTagName("fileId");
    for (int i = 0; i < ids.getLength(); i++) {
      files.add(ids.item(i).getTextContent().trim());
    }
    return files;
  }

  public void retract(long reportId) {
    ok(post("/retract", "application/x-www-form-urlencoded", form(reportId)));
  }

  private static String form(long reportId) {
    return "id=" + URLEncoder.encode(Long.toString(reportId), StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .header("Authorization", authorization);
  }

  private HttpResponse<String> post(String path, String contentType, String body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CyberTiplineException(-1, -1, "CyberTipline unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CyberTiplineException(-1, -1, "interrupted while calling the CyberTipline");
    }
  }

  /** The response's root element when both the HTTP status and NCMEC's code say success. */
  private static Element ok(HttpResponse<String> response) {
    Element root;
    try {
      root = parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new CyberTiplineException(
          response.statusCode(), -1, "HTTP " + response.statusCode() + " without an XML answer");
    }
    int code;
    try {
      code = Integer.parseInt(child(root, "responseCode"));
    } catch (NumberFormatException | NullPointerException e) {
      throw new CyberTiplineException(response.statusCode(), -1, "answer without a responseCode");
    }
    if (code != 0 || response.statusCode() / 100 != 2) {
      String description = child(root, "responseDescription");
      throw new CyberTiplineException(
          response.statusCode(),
          code,
          "CyberTipline refused (HTTP "
              + response.statusCode()
              + ", code "
              + code
              + (description == null ? "" : ": " + description)
              + ")");
    }
    return root;
  }

  private static String child(Element root, String name) {
    NodeList nodes = root.getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }

  static Element parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // Answers are data, never instructions: no DTDs, no external entities.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      Document document =
          builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      return document.getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("not XML: " + e.getMessage(), e);
    }
  }
}
