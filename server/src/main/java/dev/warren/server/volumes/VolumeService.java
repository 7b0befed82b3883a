package dev.warren.server.volumes;

import dev.warren.client.wire.Volumes.CreateVolumeRequest;
import dev.warren.client.wire.Volumes.VolumeInfo;
import dev.warren.core.ConflictException;
import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.Space;
import dev.warren.core.model.User;
import dev.warren.core.model.Volume;
import dev.warren.core.rules.Validator;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.server.auth.Caller;
import dev.warren.server.auth.Secrets;
import dev.warren.store.SpaceStore;
import dev.warren.store.UserStore;
import dev.warren.store.VolumeMountStore;
import dev.warren.store.VolumeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Users' named volumes: create (row first, then the runtime's volume; a runtime failure takes the row back), get by
 * name or id, list, idempotent create by name, delete (refused while any space mounts it, running or not: starting
 * that space would fail). Only the owner (and admins) see a volume; anybody else gets the same 404 as for a missing
 * one. Blocking; thread-safe.
 */
public final class VolumeService {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeService.class);

    private final VolumeStore volumes;
    private final VolumeMountStore mounts;
    private final SpaceStore spaces;
    private final UserStore users;
    private final SpaceRuntime runtime;
    private final Secrets secrets;
    private final Clock clock;

    public VolumeService(VolumeStore volumes, VolumeMountStore mounts, SpaceStore spaces, UserStore users,
            SpaceRuntime runtime, Secrets secrets, Clock clock) {
        this.volumes = volumes;
        this.mounts = mounts;
        this.spaces = spaces;
        this.users = users;
        this.runtime = runtime;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** @throws ConflictException when the caller has a volume of that name */
    public Volume create(Caller caller, CreateVolumeRequest request) {
        String name = request == null ? null : request.name();
        new Validator().name("name", name).throwIfInvalid();
        User owner = user(caller);
        if (volumes.findByOwnerAndName(owner.id(), name).isPresent()) {
            throw taken(name);
        }
        Volume volume = new Volume(secrets.id(), name, owner.id(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        volumes.insert(volume); // a racing create of the same name loses here, with the same sentence
        try {
            runtime.createVolume(volume.id());
        } catch (RuntimeException failed) {
            volumes.delete(volume.id());
            throw failed;
        }
        return volume;
    }

    /** The caller's volume of that name, created when missing ({@code from_name(create_if_missing)}). */
    public Created ensure(Caller caller, String name) {
        User owner = user(caller);
        Optional<Volume> known = volumes.findByOwnerAndName(owner.id(), name);
        if (known.isPresent()) {
            return new Created(known.get(), false);
        }
        try {
            return new Created(create(caller, new CreateVolumeRequest(name)), true);
        } catch (ConflictException raced) {
            return new Created(volumes.findByOwnerAndName(owner.id(), name).orElseThrow(() -> raced), false);
        }
    }

    /** A volume and whether this call created it. */
    public record Created(Volume volume, boolean created) {}

    /** A volume the caller may use: their own by name or id; any by id for admins. Else 404. */
    public Volume find(Caller caller, String ref) {
        if (ref == null || ref.isBlank() || caller.isSpaceToken()) {
            throw missing(ref);
        }
        return volumes.findByOwnerAndName(caller.userId(), ref)
                .or(() -> volumes.findById(ref)
                        .filter(volume -> caller.isAdmin() || volume.ownerId().equals(caller.userId())))
                .orElseThrow(() -> missing(ref));
    }

    /** The caller's volumes by name; with {@code all} (admins only) every user's. */
    public List<Volume> list(Caller caller, boolean all) {
        if (all) {
            if (!caller.isAdmin()) {
                throw new ForbiddenException("Only admins may list every user's volumes.");
            }
            return volumes.listAll();
        }
        return volumes.listByOwner(user(caller).id());
    }

    /**
     * Deletes the volume and its data.
     *
     * @throws WrongStateException while a space mounts it, naming the spaces
     */
    public void delete(Caller caller, String ref) {
        Volume volume = find(caller, ref);
        List<String> mounting = mountedBy(volume);
        if (!mounting.isEmpty()) {
            throw new WrongStateException("The volume '" + volume.name() + "' is mounted by "
                    + (mounting.size() == 1 ? "space " : "spaces ") + String.join(", ", mounting)
                    + "; delete " + (mounting.size() == 1 ? "it" : "them") + " first (a stopped space still mounts it:"
                    + " starting it would fail).");
        }
        // The row goes first: its key refuses a space created meanwhile with this volume, and then nothing is lost.
        if (!volumes.delete(volume.id())) {
            return;
        }
        try {
            runtime.removeVolume(volume.id());
        } catch (RuntimeException failed) {
            LOG.warn("Volume {} ({}) was deleted, but the runtime kept its data: {}", volume.name(), volume.id(),
                    failed.getMessage());
        }
    }

    /** Names of the spaces mounting the volume. */
    public List<String> mountedBy(Volume volume) {
        return mounts.spacesMounting(volume.id()).stream()
                .map(spaces::findById).flatMap(Optional::stream).map(Space::name).sorted().toList();
    }

    public VolumeInfo info(Volume volume) {
        String owner = users.findById(volume.ownerId()).map(User::username).orElse("");
        return new VolumeInfo(volume.id(), volume.name(), volume.ownerId(), owner, volume.createdAt().toString(),
                mountedBy(volume));
    }

    /** Makes sure the runtime holds every stored volume (an engine reset loses them); never removes one. */
    public void ensureInRuntime() {
        for (Volume volume : volumes.listAll()) {
            try {
                runtime.createVolume(volume.id());
            } catch (RuntimeException failed) {
                LOG.warn("Could not make sure the runtime holds volume {}: {}", volume.id(), failed.getMessage());
            }
        }
    }

    private User user(Caller caller) {
        if (caller.isSpaceToken()) {
            throw new ForbiddenException("A space token cannot manage volumes.");
        }
        return caller.user();
    }

    private static ConflictException taken(String name) {
        return new ConflictException("A volume named '" + name + "' already exists.");
    }

    private static NotFoundException missing(String ref) {
        return new NotFoundException("No volume '" + (ref == null ? "" : ref) + "' exists.");
    }
}
