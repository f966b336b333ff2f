package org.vigil.report.ncmec;

import java.io.StringWriter;
import java.time.Instant;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code <report>} (the body of /submit) and {@code <fileDetails>} (the body of /fileinfo)
 * in the element order NCMEC's schema requires: its types are {@code xs:sequence}s, so order is
 * meaning, not style. Text is escaped by the StAX writer; nothing is concatenated into markup.
 */
public final class CyberTiplineXml {

  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  private CyberTiplineXml() {}

  public static String report(CyberTiplineReport report) {
    return write(
        xml -> {
          xml.writeStartElement("report");
          xml.writeStartElement("incidentSummary");
          text(xml, "incidentType", report.incidentType().wire());
          text(xml, "platform", report.platform());
          text(xml, "escalateToHighPriority", report.escalation());
          if (report.csamSolicitation()) {
            xml.writeStartElement("reportAnnotations");
            xml.writeEmptyElement("csamSolicitation");
            xml.writeEndElement();
          }
          text(xml, "incidentDateTime", report.incidentTime());
          text(xml, "incidentDateTimeDescription", report.incidentTimeDescription());
          xml.writeEndElement();
          if (report.contentUrl() != null) {
            xml.writeStartElement("internetDetails");
            xml.writeStartElement("webPageIncident");
            text(xml, "url", report.contentUrl());
            xml.writeEndElement();
            xml.writeEndElement();
          }
          if (report.chatSummary() != null) {
            xml.writeStartElement("internetDetails");
            xml.writeStartElement("chatImIncident");
            text(xml, "chatClient", report.platform());
            text(xml, "content", report.chatSummary());
            xml.writeEndElement();
            xml.writeEndElement();
          }
          xml.writeStartElement("reporter");
          xml.writeStartElement("reportingPerson");
          xml.writeStartElement("email");
          xml.writeAttribute("type", "Work");
          xml.writeCharacters(report.reporter().email());
          xml.writeEndElement();
          xml.writeEndElement();
          text(xml, "companyTemplate", report.reporter().companyTemplate());
          text(xml, "legalURL", report.reporter().legalUrl());
          xml.writeEndElement();
          if (report.reported() != null) {
            xml.writeStartElement("personOrUserReported");
            account(xml, report.reported(), "personOrUserReportedPerson");
            xml.writeEndElement();
          }
          if (report.victim() != null) {
            xml.writeStartElement("victim");
            xml.writeStartElement("victimPerson");
            text(
                xml,
                "age",
                report.victim().age() == null ? null : report.victim().age().toString());
            xml.writeEndElement();
            accountFields(xml, report.victim());
            xml.writeEndElement();
          }
          text(xml, "additionalInfo", report.additionalInfo());
          xml.writeEndElement();
        });
  }

  public static String fileDetails(
      long reportId, String fileId, CyberTiplineReport.ReportedFile file) {
    return write(
        xml -> {
          xml.writeStartElement("fileDetails");
          text(xml, "reportId", Long.toString(reportId));
          text(xml, "fileId", fileId);
          text(xml, "originalFileName", file.fileName());
          text(xml, "uploadedToEspTimestamp", file.uploadedAt());
          text(xml, "fileViewedByEsp", Boolean.toString(file.viewedByEsp()));
          text(xml, "publiclyAvailable", Boolean.toString(file.publiclyAvailable()));
          text(xml, "fileRelevance", "Reported");
          if (file.generativeAi()) {
            xml.writeStartElement("fileAnnotations");
            xml.writeEmptyElement("generativeAi");
            xml.writeEndElement();
          }
          text(xml, "industryClassification", file.industryClassification());
          hash(xml, "MD5", file.md5());
          hash(xml, "SHA256", file.sha256());
          if (file.pdq() != null) {
            xml.writeStartElement("details");
            xml.writeAttribute("type", "HASH");
            xml.writeStartElement("nameValuePair");
            text(xml, "name", "PDQ");
            text(xml, "value", file.pdq());
            xml.writeEndElement();
            xml.writeEndElement();
          }
          xml.writeEndElement();
        });
  }

  private static void account(
      XMLStreamWriter xml, CyberTiplineReport.Account account, String personElement)
      throws XMLStreamException {
    if (account.age() != null) {
      xml.writeStartElement(personElement);
      text(xml, "age", account.age().toString());
      xml.writeEndElement();
    }
    accountFields(xml, account);
  }

  private static void accountFields(XMLStreamWriter xml, CyberTiplineReport.Account account)
      throws XMLStreamException {
    text(xml, "espIdentifier", account.espIdentifier());
    text(xml, "screenName", account.screenName());
    for (CyberTiplineReport.IpCapture capture : account.ipCaptures()) {
      xml.writeStartElement("ipCaptureEvent");
      text(xml, "ipAddress", capture.ipAddress());
      text(xml, "eventName", capture.eventName());
      text(xml, "dateTime", capture.at());
      xml.writeEndElement();
    }
  }

  private static void hash(XMLStreamWriter xml, String type, String value)
      throws XMLStreamException {
    if (value != null) {
      xml.writeStartElement("originalFileHash");
      xml.writeAttribute("hashType", type);
      xml.writeCharacters(value);
      xml.writeEndElement();
    }
  }

  private static void text(XMLStreamWriter xml, String element, Instant value)
      throws XMLStreamException {
    text(xml, element, value == null ? null : value.toString());
  }

  private static void text(XMLStreamWriter xml, String element, String value)
      throws XMLStreamException {
    if (value != null) {
      xml.writeStartElement(element);
      xml.writeCharacters(value);
      xml.writeEndElement();
    }
  }

  private interface Body {
    void write(XMLStreamWriter xml) throws XMLStreamException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      body.write(xml);
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write CyberTipline XML", e);
    }
    return out.toString();
  }
}
