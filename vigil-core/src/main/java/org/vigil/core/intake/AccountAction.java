package org.vigil.core.intake;

import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/**
 * The points in a platform's product where it asks Vigil for a decision. The actor is always the
 * account whose experience or act is decided; the target (if any) is the other account.
 */
public enum AccountAction {
  /** The actor creates an account. */
  SIGNUP,
  /** The actor signs in to an existing account. */
  LOGIN,
  /** The actor (sender) sends a direct message to the target (recipient). */
  MESSAGE,
  /** The actor follows or befriends the target. */
  FOLLOW,
  /** The actor comments on the target's content. */
  COMMENT,
  /** The actor tags the target in content. */
  TAG,
  /** The actor invites the target into a group. */
  GROUP_INVITE,
  /** The actor starts a public live stream. */
  LIVE_STREAM,
  /** The platform would recommend the target's content to the actor (the viewer). */
  RECOMMEND,
  /** The target's account would appear in the actor's search results. */
  SEARCH_VISIBILITY,
  /** The actor (the viewer) opens content with a rating. */
  VIEW_CONTENT;

  /** Whether the action needs a target account. */
  public boolean needsTarget() {
    return switch (this) {
      case MESSAGE, FOLLOW, COMMENT, TAG, GROUP_INVITE, RECOMMEND, SEARCH_VISIBILITY -> true;
      default -> false;
    };
  }

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses {@code signup}, {@code message}, ...
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static AccountAction fromWire(String value) {
    return WireNames.parse(AccountAction.class, value, "action");
  }
}
