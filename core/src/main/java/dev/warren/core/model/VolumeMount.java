package dev.warren.core.model;

import java.util.Objects;

/**
 * One volume mounted into one space, fixed when the space is created.
 *
 * @param volumeId  the {@link Volume}'s id
 * @param mountPath absolute path inside the space
 * @param subpath   a directory of the volume to mount instead of its root (relative, no {@code ..}); empty: the root
 * @param readOnly  the space may read but not change the volume's files
 */
public record VolumeMount(String volumeId, String mountPath, String subpath, boolean readOnly) {
    public VolumeMount {
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(mountPath, "mountPath");
        subpath = subpath == null ? "" : subpath;
    }
}
