package dev.warren.runtime;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Consumer;

/**
 * How spaces run, in the words of spaces: the one seam between warren's rules and a runtime (Docker and Podman
 * today, Kubernetes later). Unless a method says otherwise it blocks until the runtime has answered, is safe to
 * call from many threads for different spaces, and is idempotent, so a reconciler may repeat any call after a
 * crash. Failures leave as the core's exceptions: {@link dev.warren.core.EngineFailureException} (503) when the
 * runtime fails or cannot be reached, {@link dev.warren.core.WrongStateException} (423) when the space is not in a
 * state that allows the call.
 */
public interface SpaceRuntime extends AutoCloseable {

    /** What runs spaces, in a few words (e.g. {@code docker 20.10.24}). Blocking; cheap. */
    String describe();

    /**
     * Starts the space afresh from {@code spec} (anything left of an earlier run is replaced) and returns once its
     * data plane answers. {@code progress} hears what takes time (an image pull). Returns the instance id.
     */
    String start(SpaceSpec spec, Consumer<String> progress);

    /** Stops the space: its processes end, its volumes stay. Succeeds when it does not run. */
    void stop(String spaceId);

    /** Removes everything the space has in the runtime, volumes (and their data) included. */
    void destroy(String spaceId);

    /** Freezes every process of a running space; memory is kept, no CPU is used. */
    void pause(String spaceId);

    /** Thaws a paused space; its processes continue where they were. */
    void resume(String spaceId);

    /** The space as the runtime sees it now, or empty when the runtime holds nothing running or stopped for it. */
    Optional<SpaceStatus> inspect(String spaceId);

    /** The data plane of a running space. Throws {@link dev.warren.core.WrongStateException} when it does not run. */
    SpaceAgent agent(String spaceId);

    /**
     * Puts {@code policy} in force for the running space at once, replacing its egress rules (connections already
     * open stay); domain names are resolved now, so calling it again picks up DNS changes. The space's isolation
     * from other spaces, the host and the engine holds whatever the policy. Does nothing when the space does not run
     * (its next start applies {@link SpaceSpec#egress()}). The default suits a runtime without networks.
     */
    default void applyEgress(String spaceId, dev.warren.core.model.EgressPolicy policy) {
    }

    /**
     * Creates a user volume named {@code name} (data that outlives spaces; see {@link SharedMount}). Idempotent: an
     * existing volume is kept with its data.
     */
    void createVolume(String name);

    /**
     * Removes a user volume with its data. Idempotent. The caller makes sure no space mounts it (a running one
     * would keep writing into a directory that is gone).
     */
    void removeVolume(String name);

    /**
     * The files of a user volume, without starting a space. Throws {@link dev.warren.core.ConflictException} when the
     * runtime cannot reach them from here (an engine on another host).
     */
    VolumeFiles volumeFiles(String name);

    /**
     * Copies the files of a running or paused space under {@code snapshotId}: its file system (what its image gave it
     * plus what was written since) and each of its volumes. The space keeps running: it is frozen while the copies
     * are made so they agree with each other, then thawed (a paused space stays paused). Memory is not copied: a space
     * made from the snapshot starts its processes afresh. Not idempotent (an id is used once); a failure removes what
     * was copied. Throws {@link dev.warren.core.WrongStateException} when the space does not run.
     */
    SnapshotRef snapshot(String spaceId, String snapshotId);

    /**
     * Removes the snapshot's copies. Idempotent. Fails ({@link dev.warren.core.EngineFailureException}) while a space
     * made from it runs: its instance still uses the copy.
     */
    void removeSnapshot(String snapshotId);

    /**
     * Removes what the runtime holds for snapshots {@code snapshotExists} denies (left by a snapshot cut short or a
     * delete that did not finish). Never throws: failures are logged and the next call retries.
     */
    void removeSnapshotLeftovers(Predicate<String> snapshotExists);

    /** Everything the runtime holds for this server (instances and volumes). */
    List<RuntimeResource> resources();

    /**
     * Removes what the runtime holds for spaces {@code spaceExists} denies (leftovers of a delete cut short).
     * Never throws: failures are logged and the next call retries.
     */
    void removeLeftovers(Predicate<String> spaceExists);

    /**
     * Why a space that should run has stopped by itself (e.g. it ran out of memory), when the runtime knows; empty
     * otherwise. Ask before {@link #stop}, which forgets. Blocking; cheap.
     */
    default Optional<StopReason> stopReason(String spaceId) {
        return Optional.empty();
    }

    /** Releases connections; spaces keep running. Idempotent. */
    @Override
    void close();
}
