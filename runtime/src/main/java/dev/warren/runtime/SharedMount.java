package dev.warren.runtime;

import java.util.Objects;

/**
 * A user's volume mounted into a space: unlike {@link SpaceSpec#volumes()} (kept per space and deleted with it), the
 * volume lives on its own ({@link SpaceRuntime#createVolume}) and several running spaces may mount it at once.
 *
 * @param volume    the volume's name in the runtime, as given to {@link SpaceRuntime#createVolume}
 * @param mountPath absolute path inside the space
 * @param subpath   a directory of the volume to mount instead of its root (relative, no {@code ..}; created when
 *                  missing); empty: the root
 * @param readOnly  writes through this mount fail ({@code EROFS})
 */
public record SharedMount(String volume, String mountPath, String subpath, boolean readOnly) {
    public SharedMount {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(mountPath, "mountPath");
        subpath = subpath == null ? "" : subpath;
    }
}
