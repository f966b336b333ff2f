package org.vigil.core.reports;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Port for the EU export's format (implemented in vigil-report): turns a case into the export
 * document and checks it against the format's schema before returning it.
 */
public interface EuExportFormat {

  /**
   * @throws IllegalStateException when the document does not satisfy the schema (a bug: it is never
   *     returned)
   */
  JsonNode render(EuCaseExport export);
}
