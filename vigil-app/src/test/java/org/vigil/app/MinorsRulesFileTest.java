package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.minors.RuleSetException;
import org.vigil.core.minors.RuleSetLoader;

/** An operator's rule file in the data directory replaces the bundled minors rules. */
class MinorsRulesFileTest {

  @TempDir Path dataDir;

  private static String bundled() throws IOException {
    try (InputStream in =
        RuleSetLoader.class.getClassLoader().getResourceAsStream(RuleSetLoader.BUNDLED)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void minorsRules_noFile_bundled() {
    assertThat(VigilApp.minorsRules(dataDir).version())
        .isEqualTo(RuleSetLoader.bundled().version());
  }

  @Test
  void minorsRules_operatorFile_usedWithItsVersion() throws IOException {
    Files.writeString(
        dataDir.resolve(VigilApp.MINORS_RULES_FILE),
        bundled()
            .replace(
                "version: \"" + RuleSetLoader.bundled().version() + "\"", "version: \"operator-7\"")
            .replace(
                "        status: enacted_not_in_force\n",
                "        status: in_force\n        effectiveFrom: 2026-09-01\n"));

    var rules = VigilApp.minorsRules(dataDir);

    assertThat(rules.version()).isEqualTo("operator-7");
    assertThat(rules.find("FR").rule("FR-2023-566-15").effectiveFrom()).hasToString("2026-09-01");
  }

  @Test
  void minorsRules_brokenFile_failsNamingFileAndPath() throws IOException {
    Files.writeString(
        dataDir.resolve(VigilApp.MINORS_RULES_FILE),
        bundled()
            .replace("minimumAge: 16\n        below: deny", "minimumAge: 16\n        below: ban"));

    assertThatThrownBy(() -> VigilApp.minorsRules(dataDir))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining(VigilApp.MINORS_RULES_FILE)
        .hasMessageContaining("jurisdictions.AU.rules[0]")
        .hasMessageContaining("ban");
  }
}
