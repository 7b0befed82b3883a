package dev.warren.runtime;

import java.util.List;

/**
 * What a runtime keeps for one snapshot of a space: a copy of its file system and of each of its volumes. Memory is
 * not part of it (processes start afresh from the image's command in a space made from it).
 *
 * @param snapshotId the id the caller chose
 * @param image      the runtime's name for the file system copy (an engine image)
 * @param volumes    the logical names of the space's volumes that were copied
 */
public record SnapshotRef(String snapshotId, String image, List<String> volumes) {
    public SnapshotRef {
        volumes = List.copyOf(volumes);
    }
}
