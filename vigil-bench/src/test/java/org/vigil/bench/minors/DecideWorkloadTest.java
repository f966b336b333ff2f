package org.vigil.bench.minors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.Verdict;
import org.vigil.core.intake.DecideJson;
import org.vigil.core.json.Json;
import org.vigil.core.minors.DecideAnswer;
import org.vigil.core.minors.DecideService;
import org.vigil.core.minors.InMemoryAccountDirectory;
import org.vigil.core.minors.MinorProtectionCheck;
import org.vigil.core.minors.RuleSetLoader;

class DecideWorkloadTest {

  @Test
  void requests_allValidAndMixOfOutcomes() throws Exception {
    MinorProtectionCheck check = new MinorProtectionCheck(RuleSetLoader.bundled());
    DecideService service =
        new DecideService(
            new InMemoryAccountDirectory(),
            check.jurisdictions(),
            List.of(check),
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
    Map<Verdict, Integer> outcomes = new EnumMap<>(Verdict.class);

    for (String body : DecideWorkload.requests(2000, 7)) {
      DecideAnswer decision = service.decide(DecideJson.readRequest(Json.MAPPER.readTree(body)));
      outcomes.merge(decision.verdict(), 1, Integer::sum);
    }

    assertThat(outcomes.keySet())
        .containsExactlyInAnyOrder(Verdict.ALLOW, Verdict.REQUIRE, Verdict.DENY);
    assertThat(outcomes.values()).allSatisfy(n -> assertThat(n).isGreaterThan(100));
    assertThat(DecideWorkload.requests(3, 1)).isEqualTo(DecideWorkload.requests(3, 1));
    assertThat(DecideWorkload.requests(3, 1)).isNotEqualTo(List.of());
  }
}
