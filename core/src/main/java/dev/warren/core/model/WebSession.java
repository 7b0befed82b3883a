package dev.warren.core.model;

import java.time.Instant;

/** A browser login: the cookie value is stored hashed; the CSRF token must accompany every unsafe request. */
public record WebSession(String idHash, String userId, String csrfToken, Instant expiresAt, Instant createdAt) {}
