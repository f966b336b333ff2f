package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/**
 * Settings a platform should apply to an account that may belong to a minor, returned with sign-up
 * and login decisions. Vigil enforces the same defaults in its own answers to message, follow, tag,
 * group_invite, recommend and search_visibility calls.
 */
public enum ProtectiveDefault {
  PRIVATE_ACCOUNT,
  NO_MESSAGES_FROM_UNCONNECTED_ADULTS,
  TAGS_AND_INVITES_NEED_CONSENT,
  SENSITIVE_CONTENT_FILTERED,
  NOT_RECOMMENDED_TO_UNKNOWN_ADULTS,
  NOT_SEARCHABLE_BY_UNKNOWN_ADULTS;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }
}
