package org.vigil.report.eu;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The JSON Schema (draft 2020-12) of the EU export, bundled as {@value #RESOURCE}. Formats
 * (date-time) are asserted, not only annotated, so a malformed timestamp fails validation.
 */
public final class EuReportSchema {

  public static final String RESOURCE = "/eu/case-report-1.0.schema.json";

  private final JsonSchema schema;

  public EuReportSchema() {
    try (InputStream in = EuReportSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema " + RESOURCE + " is missing from the jar");
      }
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every violation of the schema, as "path: message"; empty when the document is valid. */
  public List<String> violations(JsonNode document) {
    Set<ValidationMessage> messages = schema.validate(document);
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}
