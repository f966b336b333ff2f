package org.vigil.core.evidence;

/** A preserved item failed its integrity check: its bytes, key or digest do not agree. */
public final class EvidenceIntegrityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EvidenceIntegrityException(String itemId, String why) {
    super("evidence " + itemId + " failed its integrity check: " + why);
  }
}
