package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.json.Json;
import org.vigil.core.minors.RuleSetLoader;

/** {@code vigil rules} and {@code vigil catalogue}, run in-process on real files. */
class RulesCommandTest {

  @TempDir Path dir;

  private static String resource(String name) throws IOException {
    try (InputStream in = RuleSetLoader.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void rulesList_onDay_showsStatusAndDate() {
    CliRun run = CliRun.of("rules", "list", "--on", "2026-05-01");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("rules " + RuleSetLoader.bundled().version() + " on 2026-05-01");
    assertThat(run.out()).containsPattern("MY\\s+MY-ONSA-CPC-16\\s+not_yet_in_force\\s+2026-06-01");
    assertThat(run.out()).containsPattern("US-UT\\s+US-UT-SB194-18\\s+enjoined");
    assertThat(run.out())
        .containsPattern(
            "US-GA\\s+US-GA-SB351-16\\s+enjoined\\s+2025-07-01\\s+verified 2026-12-05");
    assertThat(run.out())
        .containsPattern(
            "US-NE\\s+US-NE-LB383-18\\s+not_yet_in_force\\s+2026-07-01\\s+verified 2026-12-05");
  }

  @Test
  void rulesList_json_carriesProvenance() throws Exception {
    CliRun run = CliRun.of("rules", "list", "--on", "2026-12-05", "--json");

    assertThat(run.exit()).isZero();
    JsonNode va = null;
    for (JsonNode rule : Json.MAPPER.readTree(run.out())) {
      if (rule.get("id").asText().equals("US-VA-SB854-16")) {
        va = rule;
      }
    }
    assertThat(va).isNotNull();
    assertThat(va.get("statusToday").asText()).isEqualTo("enjoined");
    assertThat(va.get("checked").asText()).isEqualTo("2026-12-05");
    assertThat(va.get("verified").asBoolean()).isTrue();
    assertThat(va.get("sourceUrls").get(0).asText()).startsWith("https://");
    assertThat(va.get("injunctions").get(0).get("by").asText()).contains("NetChoice v. Miyares");
  }

  @Test
  void rulesChangelog_bundled_newestReleaseFirst() {
    CliRun run = CliRun.of("rules", "changelog");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith(RuleSetLoader.bundled().version() + " (");
    assertThat(run.out()).contains("2026-12-05.9 (2026-12-05)\n  - Added Arkansas");
    assertThat(run.out()).contains("2026-12-05.8 (2026-12-05)\n  - Added the pornography");
    assertThat(run.out()).contains("2026-12-05.7 (2026-12-05)\n  - Added Ohio");
    assertThat(run.out().indexOf("2026-12-05.6 (2026-12-05)"))
        .isGreaterThan(0)
        .isLessThan(run.out().indexOf("2026-11-23.1 (2026-11-23)"));
  }

  @Test
  void rulesDiff_rulesFileWithDecreeDate_printsChangeAndExitsOne() throws IOException {
    Path newer = dir.resolve("rules.yaml");
    Files.writeString(
        newer,
        resource(RuleSetLoader.BUNDLED)
            .replace(
                "version: \"" + RuleSetLoader.bundled().version() + "\"", "version: \"operator-2\"")
            .replace(
                "        status: enacted_not_in_force\n",
                "        status: in_force\n        effectiveFrom: 2027-01-01\n"));

    CliRun run = CliRun.of("rules", "diff", "bundled", newer.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "rules "
                + RuleSetLoader.bundled().version()
                + " -> operator-2: 1 rule(s) changed; jurisdictions affected: FR")
        .contains("~ FR FR-2023-566-15 (in_force from 2027-01-01)")
        .contains("status: enacted_not_in_force -> in_force")
        .contains("effectiveFrom: null -> 2027-01-01");
  }

  @Test
  void rulesDiff_brokenFile_oneLineError() throws IOException {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "version: x\njurisdictions: {XA: {name: n}}\n");

    CliRun run = CliRun.of("rules", "diff", "bundled", broken.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("vigil: ")
        .doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void catalogueDiff_addedDomain_listedAndChangelogPrinted() throws IOException {
    Path newer = dir.resolve("services.yaml");
    Files.writeString(
        newer,
        resource(ServiceCatalogue.BUNDLED_RESOURCE.substring(1))
            .replace("version: \"2026.12.05-1\"", "version: \"2026.12.06-1\"")
            .replace("domains: [kick.com]", "domains: [kick.com, kickcdn.example]"));

    CliRun diff = CliRun.of("catalogue", "diff", "bundled", newer.toString());
    CliRun changelog = CliRun.of("catalogue", "changelog");

    assertThat(diff.exit()).isEqualTo(1);
    assertThat(diff.out())
        .contains("catalogue 2026.12.05-1 -> 2026.12.06-1: 1 service(s) changed")
        .contains("~ kick domains +kickcdn.example");
    assertThat(changelog.exit()).isZero();
    assertThat(changelog.out()).startsWith("2026.12.05-1 (2026-12-05)").contains("Guilded");
  }
}
