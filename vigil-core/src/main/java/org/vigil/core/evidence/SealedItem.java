package org.vigil.core.evidence;

/**
 * An item's ciphertext and its data key wrapped by the master key. The store keeps the wrapped key
 * beside the metadata; the blob store keeps the ciphertext. Neither alone reveals anything.
 *
 * @param wrappedKey the item's AES-256 data key, encrypted with the master key (nonce first)
 * @param ciphertext the plaintext encrypted with the data key (nonce first, GCM tag last)
 */
public record SealedItem(byte[] wrappedKey, byte[] ciphertext) {}
