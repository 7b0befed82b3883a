package dev.warren.client;

import dev.warren.client.wire.Volumes.VolumeInfo;

import java.util.List;

/**
 * One named volume, as {@link VolumesApi} returned it: its identity, what mounted it when it was fetched, its files
 * ({@link #files()}, no sandbox needed) and {@link #delete()}. Immutable; {@link #refresh()} fetches it again.
 */
public final class Volume {
    private final Transport transport;
    private final VolumeInfo info;

    Volume(Transport transport, VolumeInfo info) {
        this.transport = transport;
        this.info = info;
    }

    public String id() {
        return info.id();
    }

    public String name() {
        return info.name();
    }

    /** Everything the server said about it (owner, created at, the spaces mounting it). */
    public VolumeInfo info() {
        return info;
    }

    /** Names of the spaces and sandboxes that mounted it when it was fetched. */
    public List<String> mountedBy() {
        return info.mountedBy() == null ? List.of() : info.mountedBy();
    }

    /** The volume as it is now. */
    public Volume refresh() {
        return new Volume(transport, transport.call("GET", VolumesApi.path(id()), null, VolumeInfo.class));
    }

    /** Its files, reached directly (no sandbox is started). Sends no request. */
    public VolumeFilesApi files() {
        return new VolumeFilesApi(transport, id());
    }

    /** Deletes it with its data; {@link WarrenException.WrongState} (423) while a space mounts it. */
    public void delete() {
        transport.call("DELETE", VolumesApi.path(id()), null, Void.class);
    }

    @Override
    public String toString() {
        return "Volume[" + name() + ", " + id() + "]";
    }
}
