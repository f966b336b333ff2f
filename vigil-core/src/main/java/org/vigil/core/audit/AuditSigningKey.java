package org.vigil.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Ed25519 key that signs audit checkpoints (JDK provider, no extra dependency). Its text form
 * is two lines, {@code ed25519-private <PKCS#8 base64>} and {@code ed25519-public <X.509 base64>};
 * it lives in a file outside the database, never in it.
 */
public final class AuditSigningKey {

  private static final String PRIVATE = "ed25519-private ";
  private static final String PUBLIC = "ed25519-public ";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private AuditSigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  public static AuditSigningKey generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new AuditSigningKey(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is unavailable in this JDK", e);
    }
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException when it is not two well-formed key lines of one pair
   */
  public static AuditSigningKey parse(String text) {
    String privatePart = null;
    String publicPart = null;
    for (String line : text.strip().split("\\R")) {
      if (line.startsWith(PRIVATE)) {
        privatePart = line.substring(PRIVATE.length()).strip();
      } else if (line.startsWith(PUBLIC)) {
        publicPart = line.substring(PUBLIC.length()).strip();
      }
    }
    if (privatePart == null || publicPart == null) {
      throw new IllegalArgumentException(
          "expected the lines 'ed25519-private <base64>' and 'ed25519-public <base64>'");
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey priv =
          factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privatePart)));
      PublicKey pub = publicKey(publicPart);
      AuditSigningKey key = new AuditSigningKey(priv, pub);
      // The two lines must be one pair: sign and check a probe.
      byte[] probe = "vigil-key-check".getBytes(StandardCharsets.UTF_8);
      if (!verify(pub, probe, key.signRaw(probe))) {
        throw new IllegalArgumentException("the public key does not belong to the private key");
      }
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 key pair: " + e.getMessage(), e);
    }
  }

  /** The text form, for the key file. */
  public String encode() {
    Base64.Encoder b64 = Base64.getEncoder();
    return PRIVATE
        + b64.encodeToString(privateKey.getEncoded())
        + "\n"
        + PUBLIC
        + b64.encodeToString(publicKey.getEncoded())
        + "\n";
  }

  /** The public key, X.509 DER in base64: what auditors keep to check checkpoints. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  /** A short fingerprint of the public key. */
  public String keyId() {
    return keyId(publicKeyBase64());
  }

  static String keyId(String publicKeyBase64) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(publicKeyBase64));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs the chain head {@code seq}/{@code hash} as of {@code at}. */
  public AuditCheckpoint sign(long seq, String hash, Instant at) {
    Instant signedAt = AuditChain.normalise(at);
    byte[] signature = signRaw(AuditCheckpoint.signedBytes(seq, hash, signedAt));
    return new AuditCheckpoint(
        seq,
        hash,
        signedAt,
        keyId(),
        publicKeyBase64(),
        Base64.getEncoder().encodeToString(signature));
  }

  byte[] signRaw(byte[] data) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(privateKey);
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with Ed25519", e);
    }
  }

  /** True when {@code checkpoint} carries a valid signature by its own public key. */
  public static boolean signatureValid(AuditCheckpoint checkpoint) {
    try {
      return verify(
          publicKey(checkpoint.publicKey()),
          checkpoint.signedBytes(),
          Base64.getDecoder().decode(checkpoint.signature()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** True when {@code signatureBase64} is a valid signature of {@code data} by that key. */
  static boolean valid(String publicKeyBase64, byte[] data, String signatureBase64) {
    try {
      return verify(publicKey(publicKeyBase64), data, Base64.getDecoder().decode(signatureBase64));
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  private static PublicKey publicKey(String base64) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static boolean verify(PublicKey key, byte[] data, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(data);
    return verifier.verify(signature);
  }
}
