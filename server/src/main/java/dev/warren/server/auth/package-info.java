/**
 * Who is calling: password hashing, sessions with CSRF tokens, API and space tokens (bound to the connections of
 * their space's in-space bridge, {@link dev.warren.server.auth.SpaceOrigins}), login rate limiting, and the key
 * that encrypts secrets at rest ({@link dev.warren.server.auth.SecretKeys}, {@link dev.warren.server.auth.AesGcmCipher}).
 */
package dev.warren.server.auth;
