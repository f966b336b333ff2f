package org.vigil.store;

import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.vigil.core.evidence.EvidenceBlobs;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Ciphertexts as objects in an S3-compatible bucket ({@code <prefix><id>.bin}), through the AWS
 * SDK's S3 client. An S3 PUT is atomic (the object is whole or absent, never half-written), so a
 * crash leaves no cut-short blob; and a PUT is durable once answered. The bucket must exist and
 * should be private: the vault's blobs are encrypted, but they are still evidence.
 *
 * <p>Checksums are sent and checked only where S3 requires them: self-hosted S3-compatible servers
 * do not all accept the SDK's newer trailing checksums, and every blob is authenticated by AES-GCM
 * on read anyway.
 */
public final class S3EvidenceBlobs implements EvidenceBlobs, AutoCloseable {

  private static final Pattern ID = Pattern.compile("ev_[0-9a-f]{32}");
  private static final String SUFFIX = ".bin";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  S3EvidenceBlobs(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix == null ? "" : prefix;
  }

  /**
   * Connects to {@code bucket} and checks that it can be reached with these credentials.
   *
   * @param endpoint the service's URL, or null for AWS itself
   * @param accessKeyId with {@code secretAccessKey}, or both null for the SDK's default chain
   * @param pathStyle address the bucket in the path (self-hosted servers) instead of the host name
   * @throws IllegalStateException naming the bucket when it cannot be reached
   */
  public static S3EvidenceBlobs connect(
      URI endpoint,
      String region,
      String bucket,
      String prefix,
      String accessKeyId,
      String secretAccessKey,
      boolean pathStyle) {
    AwsCredentialsProvider credentials =
        accessKeyId == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .forcePathStyle(pathStyle)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    S3Client client = builder.build();
    try {
      client.headBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      client.close();
      throw new IllegalStateException(
          "the evidence vault's bucket '"
              + bucket
              + "' cannot be reached"
              + (endpoint == null ? "" : " at " + endpoint)
              + ": "
              + e.getMessage(),
          e);
    }
    return new S3EvidenceBlobs(client, bucket, prefix);
  }

  @Override
  public void put(String id, byte[] ciphertext) {
    String key = key(id);
    try {
      if (exists(key)) {
        return;
      }
      s3.putObject(
          b -> b.bucket(bucket).key(key).contentType("application/octet-stream"),
          RequestBody.fromBytes(ciphertext));
    } catch (SdkException e) {
      throw failure("write", id, e);
    }
  }

  @Override
  public Optional<byte[]> get(String id) {
    String key = key(id);
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read", id, e);
    }
  }

  @Override
  public boolean delete(String id) {
    String key = key(id);
    try {
      if (!exists(key)) {
        return false;
      }
      s3.deleteObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (SdkException e) {
      throw failure("delete", id, e);
    }
  }

  @Override
  public Set<String> idsOlderThan(Instant instant) {
    Set<String> ids = new HashSet<>();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
        String name = object.key().substring(prefix.length());
        if (!name.endsWith(SUFFIX)) {
          continue;
        }
        String id = name.substring(0, name.length() - SUFFIX.length());
        if (ID.matcher(id).matches() && object.lastModified().isBefore(instant)) {
          ids.add(id);
        }
      }
    } catch (SdkException e) {
      throw new IllegalStateException(
          "cannot list the evidence vault's bucket '" + bucket + "': " + e.getMessage(), e);
    }
    return ids;
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        // HEAD answers carry no body, so some servers' 404 arrives without the NoSuchKey code.
        return false;
      }
      throw e;
    }
  }

  private String key(String id) {
    // Ids come from the vault itself; the check keeps a forged id from naming another object.
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an evidence id: " + id);
    }
    return prefix + id + SUFFIX;
  }

  private IllegalStateException failure(String what, String id, SdkException e) {
    return new IllegalStateException(
        "cannot " + what + " evidence " + id + " in bucket '" + bucket + "': " + e.getMessage(), e);
  }

  @Override
  public void close() {
    s3.close();
  }
}
