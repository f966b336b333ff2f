package org.vigil.server.api;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.banks.SignalType;
import org.vigil.core.intake.ScanQueueUnavailableException;
import org.vigil.core.intake.ScanRequestStatus;
import org.vigil.core.matcher.ScanHashes;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.usecases.QueuedScans;
import org.vigil.core.usecases.Scan;
import org.vigil.core.usecases.ScannedMedia;
import org.vigil.hash.MediaHashes;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.PdqHash;
import org.vigil.hash.image.MediaHasher;
import org.vigil.hash.video.VideoContainer;
import org.vigil.hash.video.VideoHasher;
import org.vigil.hash.video.VideoHashes;
import org.vigil.server.ApiException;
import org.vigil.server.ApiModule;
import org.vigil.server.ContextFields;
import org.vigil.server.JsonBodies;
import org.vigil.server.JsonEndpoint;
import org.vigil.server.Routes;

/**
 * POST /v1/scan: match content against every enabled bank and decide. Takes either an image or a
 * video (multipart field {@code media}, Vigil hashes it; a video's frames are matched against the
 * PDQ banks one by one) or the hashes the platform computed itself (JSON). The decision is stored
 * (see {@link DecisionsApi}).
 */
public final class ScanApi implements ApiModule {

  private static final long MULTIPART_ENVELOPE_BYTES = 1024 * 1024;

  private final Scan scans;
  private final QueuedScans queued;
  private final MediaHasher hasher;
  private final VideoHasher videos;
  private final long maxUploadBytes;
  // Decoding a 50-megapixel image takes ~200 MB; bounding concurrent decodes bounds the heap.
  private final Semaphore decodeSlots =
      new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

  /**
   * @param videos hashes uploaded videos, at most as many at once as it allows, up to its limits'
   *     file size; null refuses them (415)
   */
  public ScanApi(Scan scans, MediaHasher hasher, VideoHasher videos, long maxUploadBytes) {
    this(scans, null, hasher, videos, maxUploadBytes);
  }

  /**
   * @param queued asynchronous scans ({@code ?async=true}); null, or one without a queue, refuses
   *     them
   */
  public ScanApi(
      Scan scans, QueuedScans queued, MediaHasher hasher, VideoHasher videos, long maxUploadBytes) {
    this.scans = scans;
    this.queued = queued;
    this.hasher = hasher;
    this.videos = videos;
    this.maxUploadBytes = maxUploadBytes;
  }

  /** JSON body of POST /v1/scan. */
  record ScanRequest(Hashes hashes, ContextFields context) {}

  /** The hashes a platform sends. */
  record Hashes(String pdq, String md5, String sha256) {}

  @Override
  public void register(Routes routes) {
    routes.post("/v1/scan", this::scan, this::scanJson, Role.PLATFORM);
    routes.get("/v1/scan/requests/{requestId}", this::request, Role.PLATFORM);
  }

  private void scan(Context ctx, Principal caller) throws Exception {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    String async = ctx.queryParam("async");
    if (async != null && !async.equals("true") && !async.equals("false")) {
      throw ApiException.invalid("async", "async is true or false");
    }
    if ("true".equals(async)) {
      scanLater(ctx, caller, type);
      return;
    }
    if (type.startsWith("application/json")) {
      JsonBodies.write(ctx, 200, scanJson(JsonEndpoint.of(ctx), caller));
      return;
    }
    DecisionRecord decision;
    if (type.startsWith("multipart/form-data")) {
      // The envelope (boundaries, part headers, the context field) may add up to 1 MiB, as the
      // server's multipart limit allows; the file itself is held to its own limit below.
      // getContentLengthLong: the int form reads -1 ("unknown") past 2 GB.
      if (ctx.req().getContentLengthLong()
          > saturatedAdd(maxRequestBytes(), MULTIPART_ENVELOPE_BYTES)) {
        throw ApiException.tooLarge(maxRequestBytes());
      }
      decision = scanUpload(ctx, caller);
    } else {
      throw ApiException.unsupportedMedia(
          "POST /v1/scan takes application/json (hashes) or multipart/form-data (field 'media'),"
              + " not '"
              + type
              + "'");
    }
    JsonBodies.write(ctx, 200, DecisionJson.full(decision));
  }

  /** A scan by hashes (JSON), answered at once; also served by the server's fast path. */
  private Object scanJson(JsonEndpoint.Exchange exchange, Principal caller) {
    ScanRequest request =
        JsonBodies.parse(exchange.body(JsonBodies.MAX_JSON_BODY), ScanRequest.class);
    return DecisionJson.full(
        scans.scan(hashesOf(request.hashes()), ContextFields.of(request.context()), caller));
  }

  /**
   * {@code POST /v1/scan?async=true}: the request goes on the queue and is answered 202 with its id
   * once the broker has it; a worker decides it (GET /v1/scan/requests/{id}).
   */
  private void scanLater(Context ctx, Principal caller, String type) {
    if (queued == null || !queued.accepting()) {
      throw new ApiException(
          400,
          "async_unavailable",
          "asynchronous scans need a server started with --kafka and --role api or all",
          "async");
    }
    org.vigil.core.intake.ScanRequest queuedRequest;
    try {
      if (type.startsWith("application/json")) {
        ScanRequest request = JsonBodies.read(ctx, ScanRequest.class, JsonBodies.MAX_JSON_BODY);
        ScanHashes hashes = hashesOf(request.hashes());
        Map<String, Object> context = ContextFields.of(request.context());
        queuedRequest =
            queued.submit(
                caller,
                contentId(context),
                new org.vigil.core.intake.ScanRequest.Hashes(
                    hashes.pdq() == null ? null : hashes.pdq().toHex(),
                    -1,
                    hashes.md5(),
                    hashes.sha256()),
                null,
                context);
      } else if (type.startsWith("multipart/form-data")) {
        long limit = Math.min(maxUploadBytes, QueuedScans.MAX_MEDIA_BYTES);
        if (ctx.contentLength() > limit + 64 * 1024) {
          throw ApiException.tooLarge(limit);
        }
        UploadedFile media = ctx.uploadedFile("media");
        if (media == null) {
          throw ApiException.invalid("media", "multipart field 'media' with the image is missing");
        }
        if (media.size() > limit) {
          throw ApiException.tooLarge(limit);
        }
        String contextText = ctx.formParam("context");
        Map<String, Object> context =
            contextText == null
                ? Map.of()
                : ContextFields.parse(contextText.getBytes(StandardCharsets.UTF_8));
        byte[] bytes;
        try (InputStream in = media.content()) {
          bytes = in.readNBytes((int) limit + 1);
        }
        if (bytes.length > limit) {
          throw ApiException.tooLarge(limit);
        }
        if (VideoContainer.sniff(bytes, Math.min(bytes.length, VideoContainer.SNIFF_BYTES))
            .isPresent()) {
          throw ApiException.unsupportedMedia(
              "asynchronous scans take images; send videos without async=true");
        }
        queuedRequest = queued.submit(caller, contentId(context), null, bytes, context);
      } else {
        throw ApiException.unsupportedMedia(
            "POST /v1/scan takes application/json (hashes) or multipart/form-data (field 'media'),"
                + " not '"
                + type
                + "'");
      }
    } catch (ScanQueueUnavailableException e) {
      throw new ApiException(
          503, "queue_unavailable", "the scan queue is unavailable; retry later", null);
    } catch (IOException e) {
      throw new ApiException(
          400, "malformed_multipart", "could not read the uploaded file", "media");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", queuedRequest.requestId());
    body.put("status", "pending");
    body.put("statusUrl", "/v1/scan/requests/" + queuedRequest.requestId());
    JsonBodies.write(ctx, 202, body);
  }

  private static String contentId(Map<String, Object> context) {
    Object id = context.get("contentId");
    return id == null ? null : id.toString();
  }

  /** {@code GET /v1/scan/requests/{requestId}}: pending, failed (why), or the decision. */
  private void request(Context ctx, Principal caller) {
    String id = ctx.pathParam("requestId");
    if (queued == null || !org.vigil.core.intake.ScanRequest.REQUEST_ID.matcher(id).matches()) {
      throw new ApiException(404, "not_found", "no scan request '" + id + "'", "requestId");
    }
    QueuedScans.Lookup lookup =
        queued
            .status(caller.tenant(), id)
            .orElseThrow(
                () ->
                    new ApiException(
                        404, "not_found", "no scan request '" + id + "'", "requestId"));
    ScanRequestStatus status = lookup.status();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", status.requestId());
    body.put("status", status.state().wireName());
    if (status.contentId() != null) {
      body.put("contentId", status.contentId());
    }
    body.put("submittedAt", status.submittedAt().toString());
    if (status.reason() != null) {
      body.put("reason", status.reason());
    }
    lookup.decision().ifPresent(d -> body.put("decision", DecisionJson.full(d)));
    JsonBodies.write(ctx, 200, body);
  }

  private DecisionRecord scanUpload(Context ctx, Principal caller) throws Exception {
    UploadedFile media;
    String contextText;
    try {
      media = ctx.uploadedFile("media");
      contextText = ctx.formParam("context");
    } catch (Exception e) {
      // Jetty refuses multipart bodies over the configured size while parsing them, and throws
      // (checked, through Kotlin) ServletException for a body that is not multipart at all.
      if (messageMentionsSize(e)) {
        throw ApiException.tooLarge(maxRequestBytes());
      }
      throw new ApiException(
          400, "malformed_multipart", "multipart body could not be parsed", null);
    }
    if (media == null) {
      throw ApiException.invalid("media", "multipart field 'media' with the image is missing");
    }
    if (media.size() > maxRequestBytes()) {
      throw ApiException.tooLarge(maxRequestBytes());
    }
    Map<String, Object> context =
        contextText == null
            ? Map.of()
            : ContextFields.parse(contextText.getBytes(StandardCharsets.UTF_8));
    byte[] bytes;
    try (InputStream in = media.content()) {
      byte[] head = in.readNBytes(VideoContainer.SNIFF_BYTES);
      if (VideoContainer.sniff(head, head.length).isPresent()) {
        return scanVideo(head, in, context, caller, mediaType(media, "video/"));
      }
      byte[] rest = in.readNBytes((int) Math.min(maxUploadBytes + 1, Integer.MAX_VALUE - 16));
      bytes = new byte[head.length + rest.length];
      System.arraycopy(head, 0, bytes, 0, head.length);
      System.arraycopy(rest, 0, bytes, head.length, rest.length);
    } catch (IOException e) {
      throw new ApiException(
          400, "malformed_multipart", "could not read the uploaded file", "media");
    }
    if (bytes.length > maxUploadBytes) {
      throw ApiException.tooLarge(maxUploadBytes);
    }
    MediaHashes hashes = hash(bytes);
    byte[] scanned = bytes;
    return scans.scan(
        new ScanHashes(
            hashes.pdq(),
            hashes.pdq() == null ? -1 : hashes.quality(),
            hashes.md5(),
            hashes.sha256()),
        context,
        caller,
        null,
        new ScannedMedia(mediaType(media, "image/"), "image", () -> scanned));
  }

  /**
   * A video upload: streamed to a temporary file (never held in memory) while its MD5 and SHA-256
   * are computed, hashed by FFmpeg from there, and deleted whatever happens.
   */
  private DecisionRecord scanVideo(
      byte[] head,
      InputStream rest,
      Map<String, Object> context,
      Principal caller,
      String videoType)
      throws IOException, InterruptedException {
    if (videos == null) {
      throw ApiException.unsupportedMedia("this server does not hash videos");
    }
    Path file = Files.createTempFile("vigil-upload-", ".video");
    try {
      MessageDigest md5 = digest("MD5");
      MessageDigest sha256 = digest("SHA-256");
      long maxVideoBytes = videos.limits().maxFileBytes();
      try (OutputStream out =
          new DigestOutputStream(
              new DigestOutputStream(Files.newOutputStream(file), md5), sha256)) {
        out.write(head);
        // Stops one byte past the limit: a larger upload is refused before it is all stored.
        long copied = copy(rest, out, saturatedAdd(maxVideoBytes - head.length, 1));
        if (head.length + copied > maxVideoBytes) {
          throw ApiException.tooLarge(maxVideoBytes);
        }
      }
      VideoHashes hashes;
      try {
        hashes = videos.hash(file);
      } catch (MediaRejectedException e) {
        throw rejected(e);
      }
      // Read back from the temporary file only if a rule preserves it, before the file goes.
      return scans.scanVideo(
          hashes.vpdq(),
          hashes.tmk(),
          HexFormat.of().formatHex(md5.digest()),
          HexFormat.of().formatHex(sha256.digest()),
          context,
          caller,
          new ScannedMedia(videoType, "video", () -> readBack(file)));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The largest multipart body: an image's limit or a video's, whichever is higher. */
  private long maxRequestBytes() {
    return videos == null
        ? maxUploadBytes
        : Math.max(maxUploadBytes, videos.limits().maxFileBytes());
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }

  /** Copies at most {@code limit} bytes; returns how many. */
  private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    int n;
    while (copied < limit
        && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied))) > 0) {
      out.write(buffer, 0, n);
      copied += n;
    }
    return copied;
  }

  /** The upload's declared type when it is of the expected kind, else a generic one. */
  private static String mediaType(UploadedFile media, String kind) {
    String declared = media.contentType();
    if (declared != null && declared.toLowerCase(Locale.ROOT).startsWith(kind)) {
      return declared.toLowerCase(Locale.ROOT);
    }
    return "application/octet-stream";
  }

  /** Videos larger than this are preserved as their decision's metadata, not read into memory. */
  private static final long MAX_PRESERVED_VIDEO_BYTES = 512L * 1024 * 1024;

  private static byte[] readBack(Path file) {
    try {
      if (Files.size(file) > MAX_PRESERVED_VIDEO_BYTES) {
        throw new IllegalStateException("the video is too large to preserve in one piece");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }

  private MediaHashes hash(byte[] bytes) throws InterruptedException {
    decodeSlots.acquire();
    try {
      return hasher.hash(bytes);
    } catch (MediaRejectedException e) {
      throw rejected(e);
    } finally {
      decodeSlots.release();
    }
  }

  private static ApiException rejected(MediaRejectedException e) {
    return switch (e.reason()) {
      case UNSUPPORTED_FORMAT ->
          new ApiException(415, "unsupported_media", e.getMessage(), "media");
      case CORRUPT -> new ApiException(422, "corrupt_media", e.getMessage(), "media");
      case TOO_MANY_PIXELS -> new ApiException(422, "image_too_large", e.getMessage(), "media");
      case TOO_LONG -> new ApiException(422, "video_too_long", e.getMessage(), "media");
    };
  }

  private static boolean messageMentionsSize(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("size") || lower.contains("too large") || lower.contains("exceed")) {
          return true;
        }
      }
    }
    return false;
  }

  private static ScanHashes hashesOf(Hashes hashes) {
    if (hashes == null
        || (hashes.pdq() == null && hashes.md5() == null && hashes.sha256() == null)) {
      throw ApiException.invalid(
          "hashes", "give at least one of hashes.pdq, hashes.md5, hashes.sha256");
    }
    PdqHash pdq = null;
    if (hashes.pdq() != null) {
      if (!PdqHash.isValidHex(hashes.pdq())) {
        throw ApiException.invalid("hashes.pdq", "pdq must be 64 hex characters");
      }
      pdq = PdqHash.fromHex(hashes.pdq());
    }
    return new ScanHashes(
        pdq,
        -1,
        digest(SignalType.MD5, hashes.md5(), "hashes.md5"),
        digest(SignalType.SHA256, hashes.sha256(), "hashes.sha256"));
  }

  private static String digest(SignalType type, String value, String field) {
    if (value == null) {
      return null;
    }
    try {
      return type.normalise(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(field, e.getMessage());
    }
  }

  @Override
  public String openApiResource() {
    return "openapi/scan.json";
  }
}
