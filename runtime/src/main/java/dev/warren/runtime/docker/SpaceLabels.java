package dev.warren.runtime.docker;

import java.util.Map;

/**
 * Docker/Podman labels and names of what warren creates for a space. The instance label keeps two warren servers sharing
 * one engine (tests, staging) from touching each other's containers.
 */
public record SpaceLabels(String instanceId) {
    public static final String INSTANCE = "dev.warren.instance";
    public static final String SPACE = "dev.warren.space";
    public static final String OWNER = "dev.warren.owner";
    public static final String VOLUME = "dev.warren.volume";

    public Map<String, String> instance() {
        return Map.of(INSTANCE, instanceId);
    }

    public Map<String, String> space(String spaceId, String ownerId) {
        return Map.of(INSTANCE, instanceId, SPACE, spaceId, OWNER, ownerId);
    }

    public Map<String, String> spaceOnly(String spaceId) {
        return Map.of(INSTANCE, instanceId, SPACE, spaceId);
    }

    public String containerName(String spaceId) {
        return "warren-" + instanceId + "-" + spaceId;
    }

    public String volumeName(String spaceId, String volume) {
        return "warren-" + instanceId + "-" + spaceId + "-" + volume;
    }

    /** The one network all spaces shared before ADR 0006; removed once no container uses it. */
    public String networkName() {
        return "warren-" + instanceId;
    }

    /** The labels of an owner's network (and the filter for that owner's containers). */
    public Map<String, String> owner(String ownerId) {
        return Map.of(INSTANCE, instanceId, OWNER, ownerId);
    }

    /** The bridge network of one owner's spaces (ADR 0006). */
    public String ownerNetworkName(String ownerId) {
        return "warren-" + instanceId + "-" + ownerId;
    }
}
