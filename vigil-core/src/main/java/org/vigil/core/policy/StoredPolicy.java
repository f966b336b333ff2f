package org.vigil.core.policy;

import java.time.Instant;

/**
 * A policy version as stored.
 *
 * @param tenant the tenant whose scans and decide calls it decides when live
 * @param version the content hash of {@code source}
 * @param name the policy's name
 * @param state draft, shadow, live or retired
 * @param source the YAML text exactly as submitted
 * @param createdAt when it was first submitted
 * @param createdBy who submitted it (audit name)
 * @param activatedAt when it last became live, or null
 * @param shadowSince when it last started shadowing, or null
 */
public record StoredPolicy(
    String tenant,
    String version,
    String name,
    PolicyState state,
    String source,
    Instant createdAt,
    String createdBy,
    Instant activatedAt,
    Instant shadowSince) {

  public StoredPolicy withState(PolicyState newState, Instant at) {
    return new StoredPolicy(
        tenant,
        version,
        name,
        newState,
        source,
        createdAt,
        createdBy,
        newState == PolicyState.LIVE ? at : activatedAt,
        newState == PolicyState.SHADOW ? at : shadowSince);
  }
}
