package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.reports.EuAuthorities;
import org.vigil.core.reports.EuAuthority;

/** VIGIL_EU_AUTHORITIES: read at start, every mistake one line naming the setting and field. */
class EuAuthoritiesFileTest {

  @TempDir Path dir;

  static final String VALID =
      """
      provider:
        name: Example Forum B.V.
        contact: csa@example.org
      authorities:
        - id: eu-centre
          name: EU Centre
          country: EU
          include:
            userIdentifiers: true
        - id: nl-police
          name: Politie
          country: NL
          language: nl
      """;

  private Path write(String text) throws IOException {
    Path file = dir.resolve("eu.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void load_validYaml_authoritiesWithDefaults() throws IOException {
    EuAuthorities authorities = EuAuthoritiesFile.load(write(VALID));

    assertThat(authorities.provider().name()).isEqualTo("Example Forum B.V.");
    EuAuthority centre = authorities.find("eu-centre").orElseThrow();
    assertThat(centre.include()).isEqualTo(new EuAuthority.Include(true, false));
    assertThat(centre.language()).isEqualTo("en");
    assertThat(centre.formatVersion()).isEqualTo("1.0");
    EuAuthority police = authorities.find("nl-police").orElseThrow();
    assertThat(police.include()).isEqualTo(EuAuthority.Include.NOTHING);
    assertThat(authorities.find("nobody")).isEmpty();
  }

  @Test
  void load_json_sameAsYaml() throws IOException {
    EuAuthorities authorities =
        EuAuthoritiesFile.load(
            write(
                "{\"provider\":{\"name\":\"P\",\"contact\":\"c@example.org\"},"
                    + "\"authorities\":[{\"id\":\"de-bka\",\"name\":\"BKA\",\"country\":\"DE\"}]}"));
    assertThat(authorities.find("de-bka")).isPresent();
  }

  @Test
  void load_mistakes_oneLineNamingSettingAndField() throws IOException {
    assertOneLineError(VALID.replace("country: NL", "country: Netherlands"), "country");
    assertOneLineError(VALID.replace("language: nl", "language: dutch"), "language");
    assertOneLineError(
        VALID.replace("userIdentifiers: true", "userIdentifier: true"), "userIdentifier");
    assertOneLineError(VALID.replace("id: nl-police", "id: eu-centre"), "listed twice");
    assertOneLineError(VALID.replace("id: nl-police", "id: NL Police"), "id");
    assertOneLineError(VALID.replace("  contact: csa@example.org\n", ""), "contact");
    assertOneLineError(
        VALID.replace("language: nl", "language: nl\n    formatVersion: \"2.0\""), "formatVersion");
    assertOneLineError("authorities: [", "line 1");
  }

  @Test
  void load_missingFile_namesSetting() {
    assertThatThrownBy(() -> EuAuthoritiesFile.load(dir.resolve("nope.yaml")))
        .hasMessageStartingWith("VIGIL_EU_AUTHORITIES")
        .hasMessageContaining("does not exist");
  }

  @Test
  void fromEnvironment_unsetOrSet_noneOrLoaded() throws IOException {
    assertThat(VigilConfig.fromEnvironment(Map.of()).euAuthorities().authorities()).isEmpty();
    Path file = write(VALID);
    assertThat(
            VigilConfig.fromEnvironment(Map.of("VIGIL_EU_AUTHORITIES", file.toString()))
                .euAuthorities()
                .authorities())
        .hasSize(2);
  }

  private void assertOneLineError(String yaml, String mentions) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> EuAuthoritiesFile.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("VIGIL_EU_AUTHORITIES: ")
        .hasMessageContaining(mentions)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
