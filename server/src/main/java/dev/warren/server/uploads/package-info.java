/**
 * Resumable uploads (tus 1.0 core, creation, expiration, termination and checksum): the rules
 * ({@link dev.warren.server.uploads.UploadService}), the bytes on the server's disk until they are complete
 * ({@link dev.warren.server.uploads.UploadDisk}), and the start-up reconciliation and expiry sweep
 * ({@link dev.warren.server.uploads.UploadJanitor}). A complete, verified upload is written into its space through
 * {@link dev.warren.server.uploads.UploadTarget} (a file, atomically, or an archive extracted with a conflict policy).
 * Knows no HTTP: the routes are {@code http.UploadRoutes}.
 */
package dev.warren.server.uploads;
