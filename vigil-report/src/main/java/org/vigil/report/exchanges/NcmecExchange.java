package org.vigil.report.exchanges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.Delta;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.banks.exchanges.ExchangeSignal;
import org.vigil.core.banks.exchanges.FetchPage;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.json.Json;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * NCMEC hash sharing, v2. {@code GET /v2/entries?from=&to=} answers a {@code queryResult} with
 * {@code images} and {@code videos} (each {@code image}/{@code video} entry: member, timestamp, id,
 * classification, fingerprints; {@code deletedImage}/{@code deletedVideo} for withdrawn entries)
 * and {@code paging/next}, a path to the next page of the SAME window.
 *
 * <p>Entries do not come in time order, so the time checkpoint moves only when a window is
 * exhausted: the checkpoint is {@code {"from","to","next"}} while a window is being paged (a
 * resumed fetch continues at {@code next} of that same window) and {@code {"from"}} once it is done
 * (the next fetch opens the window {@code [from, now - settle)}). Within a page entries are applied
 * in timestamp order, so an entry updated and then withdrawn ends withdrawn.
 *
 * <p>Fingerprints kept: {@code md5} and {@code pdq}; others ({@code sha1}, {@code pdna} and the
 * linked video formats) are counted as skipped. Feedback: {@code PUT
 * /v2/entries/{id}/fingerprints/{md5|pdq}/feedback} with a {@code feedbackSubmission} holding
 * {@code affirmative} or {@code negative} with a reason GUID.
 *
 * <p>Sources: NCMEC's hash sharing documentation ({@code /hashsharing/v2/documentation.pdf} on the
 * environment) as summarised by the open-source python-threatexchange NCMEC client and its test
 * fixtures (github.com/facebook/ThreatExchange, BSD licence); no code was copied.
 */
final class NcmecExchange implements ExchangeAdapter {

  static final String NAMESPACE = "https://hashsharing.ncmec.org/hashsharing/v2";

  private final ExchangeConfig config;
  private final String base;
  private final String authorization;
  private final ExchangeHttp http;
  private final Clock clock;

  NcmecExchange(
      ExchangeConfig config, String user, String password, ExchangeHttp http, Clock clock) {
    this.config = config;
    this.base = config.url().toString().replaceAll("/+$", "");
    this.authorization = ExchangeHttp.basic(user, password);
    this.http = http;
    this.clock = clock;
  }

  /** Where the sync stands: a window being paged ({@code next} set) or between windows. */
  record Checkpoint(Instant from, Instant to, String next) {
    static Checkpoint parse(Optional<String> text, Instant start) {
      if (text.isEmpty()) {
        return new Checkpoint(start, null, null);
      }
      try {
        JsonNode node = Json.MAPPER.readTree(text.get());
        Instant from = Instant.parse(node.path("from").asText());
        Instant to = node.hasNonNull("to") ? Instant.parse(node.get("to").asText()) : null;
        String next = node.hasNonNull("next") ? node.get("next").asText() : null;
        return new Checkpoint(from, to, next);
      } catch (JsonProcessingException | DateTimeParseException e) {
        throw new ExchangeException(
            ExchangeException.Kind.CONFIGURATION, "the stored ncmec checkpoint is unreadable");
      }
    }

    String write() {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("from", from.toString());
      if (to != null) {
        node.put("to", to.toString());
      }
      if (next != null) {
        node.put("next", next);
      }
      return node.toString();
    }
  }

  @Override
  public FetchPage fetch(Optional<String> checkpoint) {
    Checkpoint at = Checkpoint.parse(checkpoint, NcmecExchangeFactory.start(config));
    Instant to;
    URI url;
    if (at.next() != null) {
      to = at.to();
      url = URI.create(base + at.next());
    } else {
      to =
          clock
              .instant()
              .minusSeconds(NcmecExchangeFactory.settleSeconds(config))
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      if (!to.isAfter(at.from())) {
        return FetchPage.unchanged(checkpoint.orElse(null));
      }
      url =
          URI.create(
              base
                  + "/v2/entries?from="
                  + URLEncoder.encode(at.from().toString(), StandardCharsets.UTF_8)
                  + "&to="
                  + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        http.sendText(
            ExchangeHttp.request(url)
                .header("Authorization", authorization)
                .header("Accept", "application/xml")
                .GET()
                .build());
    ExchangeHttp.check(response);
    Element root = parse(response.body());
    if (!"queryResult".equals(localName(root))) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL,
          "expected a queryResult from " + ExchangeHttp.where(url) + ", got " + localName(root));
    }
    Page page = new Page(clock.instant());
    for (Element group : children(root)) {
      String name = localName(group);
      if (name.equals("images") || name.equals("videos")) {
        for (Element entry : children(group)) {
          page.entry(entry);
        }
      }
    }
    String next = null;
    Element paging = child(root, "paging");
    if (paging != null) {
      Element nextElement = child(paging, "next");
      if (nextElement != null && !nextElement.getTextContent().isBlank()) {
        next = nextElement.getTextContent().trim();
        if (!next.startsWith("/")) {
          throw new ExchangeException(
              ExchangeException.Kind.PROTOCOL, "paging/next is not a path: refusing to follow it");
        }
      }
    }
    List<Delta> deltas = page.deltas();
    if (next != null) {
      return new FetchPage(
          deltas, new Checkpoint(at.from(), to, next).write(), true, false, page.skipped);
    }
    // The window is exhausted: only now may the time checkpoint move to its end.
    return new FetchPage(
        deltas, new Checkpoint(to, null, null).write(), false, false, page.skipped);
  }

  /** One page's entries, applied in timestamp order. */
  private static final class Page {
    private final Instant fetchedAt;
    private final List<Entry> entries = new ArrayList<>();
    int skipped;

    Page(Instant fetchedAt) {
      this.fetchedAt = fetchedAt;
    }

    record Entry(Instant timestamp, int order, List<Delta> deltas) {}

    void entry(Element entry) {
      String tag = localName(entry);
      boolean deleted = tag.startsWith("deleted");
      String kind = (deleted ? tag.substring("deleted".length()) : tag).toLowerCase(Locale.ROOT);
      String id = text(entry, "id");
      if (id == null || !(kind.equals("image") || kind.equals("video"))) {
        skipped++;
        return;
      }
      Instant timestamp;
      try {
        String ts = text(entry, "timestamp");
        timestamp = ts == null ? Instant.EPOCH : Instant.parse(ts);
      } catch (DateTimeParseException e) {
        timestamp = Instant.EPOCH;
      }
      List<Delta> deltas = new ArrayList<>();
      if (deleted) {
        deltas.add(Delta.Delete.byExternalId(id));
      } else {
        String classification = text(entry, "classification");
        List<String> categories = classification == null ? List.of() : List.of(classification);
        List<String> tags = new ArrayList<>();
        tags.add(kind);
        Element member = child(entry, "member");
        if (member != null && member.hasAttribute("id")) {
          tags.add("member:" + member.getAttribute("id"));
        }
        Element fingerprints = child(entry, "fingerprints");
        if (fingerprints != null) {
          for (Element fingerprint : children(fingerprints)) {
            Optional<SignalType> type = signalType(localName(fingerprint));
            String value = fingerprint.getTextContent().trim();
            if (type.isEmpty() || value.isEmpty()) {
              skipped++;
              continue;
            }
            deltas.add(new Delta.Upsert(type.get(), value, id, categories, tags, fetchedAt));
          }
        }
      }
      entries.add(new Entry(timestamp, entries.size(), deltas));
    }

    List<Delta> deltas() {
      List<Delta> out = new ArrayList<>();
      entries.stream()
          .sorted(Comparator.comparing(Entry::timestamp).thenComparing(Entry::order))
          .forEach(e -> out.addAll(e.deltas()));
      return out;
    }
  }

  static Optional<SignalType> signalType(String fingerprint) {
    return switch (fingerprint.toLowerCase(Locale.ROOT)) {
      case "md5" -> Optional.of(SignalType.MD5);
      case "pdq" -> Optional.of(SignalType.PDQ);
      default -> Optional.empty();
    };
  }

  @Override
  public boolean acceptsFeedback() {
    return true;
  }

  @Override
  public void report(ExchangeSignal signal, Opinion opinion) {
    if (signal.externalId() == null) {
      throw new ExchangeException(
          ExchangeException.Kind.CONFIGURATION, "an NCMEC signal without its entry id");
    }
    String fingerprint =
        switch (signal.type()) {
          case MD5 -> "md5";
          case PDQ -> "pdq";
          default ->
              throw new ExchangeException(
                  ExchangeException.Kind.CONFIGURATION,
                  "NCMEC takes feedback on md5 and pdq fingerprints, not "
                      + signal.type().wireName());
        };
    String vote =
        opinion.kind() == Opinion.Kind.TRUE_POSITIVE
            ? "<affirmative/>"
            : "<negative><reasonIds><guid>"
                + escape(negativeReason(fingerprint, opinion))
                + "</guid></reasonIds></negative>";
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedbackSubmission xmlns=\""
            + NAMESPACE
            + "\">"
            + vote
            + "</feedbackSubmission>";
    URI url =
        URI.create(
            base
                + "/v2/entries/"
                + URLEncoder.encode(signal.externalId(), StandardCharsets.UTF_8)
                + "/fingerprints/"
                + fingerprint
                + "/feedback");
    HttpResponse<String> response =
        http.sendText(
            ExchangeHttp.request(url)
                .header("Authorization", authorization)
                .header("Content-Type", "application/xml; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    ExchangeHttp.check(response);
  }

  /**
   * The reason GUID for a negative vote: the configured one, else the API's reason for this
   * fingerprint type whose name matches the opinion's category or a tag, else its first reason for
   * the type.
   */
  private String negativeReason(String fingerprint, Opinion opinion) {
    String configured = config.options().get("negativeReason");
    if (configured != null) {
      return configured;
    }
    URI url = URI.create(base + "/v2/feedback/reasons");
    HttpResponse<String> response =
        http.sendText(
            ExchangeHttp.request(url)
                .header("Authorization", authorization)
                .header("Accept", "application/xml")
                .GET()
                .build());
    ExchangeHttp.check(response);
    String first = null;
    for (Element reason : descendants(parse(response.body()), "reason")) {
      if (!reason.getAttribute("type").equalsIgnoreCase(fingerprint)) {
        continue;
      }
      String guid = reason.getAttribute("guid");
      String name = reason.getAttribute("name");
      if (first == null) {
        first = guid;
      }
      if (name.equalsIgnoreCase(opinion.category())
          || opinion.tags().stream().anyMatch(name::equalsIgnoreCase)) {
        return guid;
      }
    }
    if (first == null) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL,
          "NCMEC lists no negative feedback reason for " + fingerprint + " fingerprints");
    }
    return first;
  }

  // --- XML -------------------------------------------------------------------------------------

  static Element parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // Answers are data, never instructions: no DTDs, no external entities.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
          .getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL, "NCMEC answered something that is not XML");
    }
  }

  private static String localName(Node node) {
    return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
  }

  private static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<Element> descendants(Element root, String name) {
    List<Element> out = new ArrayList<>();
    for (Element child : children(root)) {
      if (localName(child).equals(name)) {
        out.add(child);
      }
      out.addAll(descendants(child, name));
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    for (Element e : children(parent)) {
      if (localName(e).equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    if (e == null) {
      return null;
    }
    String text = e.getTextContent().trim();
    return text.isEmpty() ? null : text;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
