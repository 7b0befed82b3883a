package dev.warren.client;

import dev.warren.client.wire.Volumes.CreateVolumeRequest;
import dev.warren.client.wire.Volumes.VolumeInfo;

import java.util.List;

/**
 * Your named volumes ({@code /api/volumes}): data that outlives sandboxes and spaces, mounted into them at create
 * ({@link SandboxOptions#withVolume(String, String)}) and reachable through {@link Volume#files()} without starting
 * anything.
 * <pre>{@code
 * Volume data = warren.volumes().fromName("datasets", true);
 * data.files().write("/train.csv", "a,b\n1,2\n");
 * try (Sandbox box = Sandbox.create(warren, SandboxOptions.defaults().withVolume("datasets", "/data"))) {
 *     box.commands().run("wc -l /data/train.csv", RunOptions.shell());
 * }
 * }</pre>
 * Every method blocks until the server answers and throws a {@link WarrenException} subclass on failure:
 * {@link WarrenException.Conflict} for a name taken, {@link WarrenException.WrongState} for a delete while a space
 * mounts the volume, {@link WarrenException.NotFound} for a volume that is missing or not yours. Thread-safe.
 */
public final class VolumesApi {
    private final Transport transport;

    VolumesApi(Transport transport) {
        this.transport = transport;
    }

    /** Creates a volume; 409 ({@link WarrenException.Conflict}) when you have one of that name. */
    public Volume create(String name) {
        return volume(transport.call("POST", "/api/volumes", new CreateVolumeRequest(name), VolumeInfo.class));
    }

    /** Your volume by name, or any volume you may use by id. */
    public Volume get(String nameOrId) {
        return volume(transport.call("GET", path(nameOrId), null, VolumeInfo.class));
    }

    /**
     * Your volume of this name; with {@code createIfMissing} it is created when you have none (idempotent: two
     * callers at once get the same volume), without it a missing one is {@link WarrenException.NotFound}.
     */
    public Volume fromName(String name, boolean createIfMissing) {
        return createIfMissing ? volume(transport.call("PUT", path(name), null, VolumeInfo.class)) : get(name);
    }

    /** Your volumes by name. */
    public List<Volume> list() {
        return transport.list("/api/volumes", VolumeInfo.class).stream().map(this::volume).toList();
    }

    /** Deletes the volume with its data; refused (423) while any space or sandbox mounts it. */
    public void delete(String nameOrId) {
        transport.call("DELETE", path(nameOrId), null, Void.class);
    }

    private Volume volume(VolumeInfo info) {
        return new Volume(transport, info);
    }

    static String path(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            throw new IllegalArgumentException("A volume name or id is required.");
        }
        return "/api/volumes/" + Transport.segment(nameOrId);
    }
}
