package org.vigil.core.signal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Something Vigil saw about the subject of a decision: the facts a policy decides on. A decision
 * record stores every signal it was decided with, so the decision can be explained later and
 * re-evaluated exactly by another policy version (backtests).
 *
 * <p>Stored as JSON with a {@code kind} discriminator; add a variant by adding it to {@code
 * permits} and to {@link JsonSubTypes}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = HashMatch.class, name = "hash_match"),
  @JsonSubTypes.Type(value = HashQuality.class, name = "hash_quality"),
  @JsonSubTypes.Type(value = AgeEvidence.class, name = "age_evidence"),
  @JsonSubTypes.Type(value = AgeRuleFinding.class, name = "age_rule"),
  @JsonSubTypes.Type(value = CourtOrderHit.class, name = "court_order"),
  @JsonSubTypes.Type(value = ReportSignal.class, name = "report"),
  @JsonSubTypes.Type(value = Score.class, name = "score"),
  @JsonSubTypes.Type(value = BenignMatch.class, name = "benign_match"),
  @JsonSubTypes.Type(value = HeldMatch.class, name = "held_match")
})
public sealed interface Signal
    permits HashMatch,
        HashQuality,
        AgeEvidence,
        AgeRuleFinding,
        CourtOrderHit,
        ReportSignal,
        Score,
        BenignMatch,
        HeldMatch {}
