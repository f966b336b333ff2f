package org.vigil.core.auth;

import java.time.Instant;

/**
 * A logged-in console session. The cookie carries a random token; the store keeps only its SHA-256
 * ({@code tokenHash}), like API keys. {@code csrfToken} goes into every form of the session.
 */
public record ConsoleSession(
    String tokenHash, ConsoleUser user, String csrfToken, Instant createdAt, Instant expiresAt) {}
