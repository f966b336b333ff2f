package org.vigil.core.usecases;

import java.util.function.Supplier;

/**
 * The bytes a scan looked at, for a {@code preserve_evidence} action: read only when a rule asks
 * for them (a video is read back from its temporary file then).
 *
 * @param mediaType what the platform said the file is, e.g. {@code image/jpeg}
 * @param contentType the notice vocabulary's kind: {@code image} or {@code video}
 */
public record ScannedMedia(String mediaType, String contentType, Supplier<byte[]> bytes) {}
