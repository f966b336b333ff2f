package org.vigil.core.policy;

import java.util.List;
import java.util.Map;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.AgeRuleFinding;
import org.vigil.core.signal.CourtOrderHit;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HashQuality;
import org.vigil.core.signal.ReportSignal;
import org.vigil.core.signal.Score;

/**
 * An input with every documented field present, for the "never fires" warning: a condition that
 * fails even here names a field or function that does not exist.
 */
final class SampleInputs {

  private SampleInputs() {}

  static Map<String, Object> rich() {
    return PolicyInputs.of(
        DecisionKind.CONTENT,
        List.of(
            new HashMatch("sample", 1, "pdq", 8, "sample", "sample", "block"),
            new HashQuality(90, 50, false),
            new AgeEvidence("actor", 13, 15, "self_declared", 0.5, true),
            new AgeEvidence("target", 30, 40, "verified", 0.9, false),
            new AgeRuleFinding("deny", "age_assurance", "verified", "code", "RULE", "src", null),
            new CourtOrderHit("co-1", "case", "court", null, "social_network", "2030", "email"),
            new ReportSignal(3, List.of("csam"), true),
            new Score("nudity", 0.5)),
        Map.of(
            "platform",
            Map.of("contentId", "c", "contentType", "image", "mime", "image/jpeg"),
            "request",
            Map.of("action", "signup", "jurisdiction", "AU", "service", "social_network")));
  }
}
