package org.vigil.core.evidence;

/**
 * An item's data key as the store keeps it: wrapped by a master key, with that master key's id so
 * that a vault holding several master keys (during a rotation) knows which one opens it.
 *
 * @param bytes the AES-256 data key encrypted with the master key (nonce first, GCM tag last)
 * @param keyId the {@linkplain EnvelopeCipher#keyId(byte[]) id} of the master key that wrapped it;
 *     null for items preserved before master keys had ids (any held key is tried)
 */
public record WrappedKey(byte[] bytes, String keyId) {

  public WrappedKey {
    if (bytes == null) {
      throw new IllegalArgumentException("a wrapped key needs its bytes");
    }
  }
}
