package org.vigil.report.ncmec;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * NCMEC's report schema, compiled once. Vigil does not ship the schema: it is NCMEC's document,
 * with no licence to redistribute, and NCMEC serves the current one at {@code GET {base}/xsd}. The
 * client fetches it from there (see {@link CyberTiplineClient#schema()}) and every report is
 * validated against it before it is sent; an invalid report is never sent.
 */
public final class CyberTiplineSchema {

  private final Schema schema;

  private CyberTiplineSchema(Schema schema) {
    this.schema = schema;
  }

  /**
   * Compiles the schema text.
   *
   * @throws IllegalArgumentException when the text is not a usable XML schema
   */
  public static CyberTiplineSchema compile(String xsd) {
    try {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      // The schema is self-contained: it must not make Vigil fetch anything else.
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return new CyberTiplineSchema(factory.newSchema(new StreamSource(new StringReader(xsd))));
    } catch (SAXException e) {
      throw new IllegalArgumentException("not a usable CyberTipline schema: " + e.getMessage(), e);
    }
  }

  /** Every schema violation in {@code xml}, each with its line; empty when valid. */
  public List<String> violations(String xml) {
    List<String> problems = new ArrayList<>();
    Validator validator = schema.newValidator();
    try {
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.setErrorHandler(
          new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) {
              problems.add("line " + e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
              problems.add("line " + e.getLineNumber() + ": " + e.getMessage());
              throw e;
            }
          });
      validator.validate(new StreamSource(new StringReader(xml)));
    } catch (SAXException e) {
      if (problems.isEmpty()) {
        problems.add(e.getMessage());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read XML from a string", e);
    }
    return problems;
  }
}
