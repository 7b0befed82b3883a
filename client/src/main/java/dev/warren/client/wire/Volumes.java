package dev.warren.client.wire;

import java.util.List;

/**
 * Users' named volumes ({@code /api/volumes}): data that outlives spaces and sandboxes, mounted into them at create
 * time and reachable through its own file API without starting anything. The file API's entries and directory
 * requests are those of {@link Files}; paths are absolute within the volume ({@code /} is its root).
 */
public final class Volumes {
    private Volumes() {}

    /** {@code POST /api/volumes}: a name like a space's (lowercase letters, digits, dashes), unique per owner. */
    public record CreateVolumeRequest(String name) {}

    /**
     * One volume. {@code mounted_by}: names of the spaces (and sandboxes) that mount it, running or not; while it
     * is not empty the volume cannot be deleted.
     */
    public record VolumeInfo(String id, String name, String ownerId, String owner, String createdAt,
            List<String> mountedBy) {}

    /**
     * A volume to mount into a space or sandbox being created ({@code volumes} of the create request).
     *
     * @param ref       the volume's name (among the new space's owner's volumes) or id
     * @param mountPath absolute path inside the space; not {@code /}, not under {@code /.warren}, not at or under
     *                  another mount or a template volume
     * @param subpath   a directory of the volume to mount instead of its root (relative, no {@code ..}); created when
     *                  missing; null or empty: the root
     * @param readOnly  the space may read but not change the files (writes fail with "Read-only file system")
     */
    public record VolumeMountSpec(String ref, String mountPath, String subpath, Boolean readOnly) {
        /** The whole volume, writable, at {@code mountPath}. */
        public VolumeMountSpec(String ref, String mountPath) {
            this(ref, mountPath, null, null);
        }
    }

    /** A mount of a space, as stored. */
    public record VolumeMountInfo(String volumeId, String volumeName, String mountPath, String subpath,
            boolean readOnly) {}

    /** {@code POST /api/volumes/{volume}/download-urls}: {@code ttl_seconds} 1..86400 (default 300). */
    public record DownloadUrlRequest(String path, Long ttlSeconds) {}

    /**
     * A link that downloads one file of the volume without credentials until {@code expires_at} (ISO-8601).
     *
     * @param url the path on the server ({@code /api/volumes/download/…}), to append to the server's address
     */
    public record DownloadUrl(String url, String path, String expiresAt) {}
}
