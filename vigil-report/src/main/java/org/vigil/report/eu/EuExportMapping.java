package org.vigil.report.eu;

import java.util.List;

/**
 * Where each part of Article 13(1) of COM(2022) 209 (and the matching part of its Annex III
 * template) lands in the EU export. docs/eu-export.md shows the same table; a test checks that
 * every pointer below exists in a complete export and is named in that document, so a field cannot
 * silently disappear from either.
 */
public final class EuExportMapping {

  /**
   * One mapped field.
   *
   * @param pointer JSON Pointer into the export
   * @param article13 the point of Article 13(1) it answers, e.g. {@code (c)}
   */
  public record Field(String pointer, String article13) {}

  public static final List<Field> FIELDS =
      List.of(
          new Field("/provider/name", "(a)"),
          new Field("/provider/contact", "(a)"),
          new Field("/timestamps/reportCreatedAt", "(b)"),
          new Field("/timestamps/firstFlaggedAt", "(b)"),
          new Field("/timestamps/detectedAt", "(b)"),
          new Field("/content/contentId", "(c)"),
          new Field("/content/hashes", "(c)"),
          new Field("/content/files", "(c)"),
          new Field("/detection/methods", "(d)"),
          new Field("/detection/hashMatches", "(d)"),
          new Field("/detection/notices", "(d)"),
          new Field("/abuse/type", "(e)"),
          new Field("/location/jurisdictions", "(f)"),
          new Field("/location/ipAddresses", "(f)"),
          new Field("/users/accounts", "(g)"),
          new Field("/otherReports", "(h)"),
          new Field("/contentAction/removedOrDisabled", "(i)"),
          new Field("/urgency/urgentActionRequired", "(j)"),
          new Field("/legalBasis", "(k)"));

  private EuExportMapping() {}
}
