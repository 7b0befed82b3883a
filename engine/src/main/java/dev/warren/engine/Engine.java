package dev.warren.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One container engine (Docker or Podman) as warren uses it.
 *
 * <p>Unless a method says otherwise: it blocks until the engine has answered; it is safe to call from many
 * threads at once (virtual threads are expected); it throws {@link NotFoundException} when the object named
 * is missing and {@link EngineException} with a sentence for any other failure. Everything it creates carries
 * {@link Labels#MANAGED} and the caller's labels. Ids and names are accepted wherever a container is named.
 */
public interface Engine extends AutoCloseable {

    /** What the engine says about itself. Blocking; cheap. */
    EngineInfo info();

    // --- images ---------------------------------------------------------------------------------

    /** Whether the image is present locally. Blocking; never pulls. */
    boolean imageExists(String image);

    /**
     * Pulls the image from its registry, reporting progress lines (status text) as they arrive.
     * Blocking until the pull ends; pulling a present image refreshes it. Idempotent.
     */
    void pullImage(String image, Consumer<String> progress);

    /** The image's default entrypoint, command, user and working directory. Throws {@link NotFoundException} when absent. */
    ImageConfig imageConfig(String image);

    /**
     * Makes an image of the container's file system as it is now (its writable layer on top of its image; volumes
     * and bind mounts are not part of it), named {@code repository:tag} and carrying {@code labels} (and
     * {@link Labels#MANAGED}) besides those it inherits from the container. With {@code pause} the engine freezes
     * the container's processes while it copies, so the files are consistent; a paused container stays paused.
     * Works on running, paused and stopped containers. Not idempotent: a taken name moves to the new image.
     * Returns the image id.
     */
    String commit(String container, String repository, String tag, Map<String, String> labels, boolean pause);

    /**
     * Removes the image (by id or name). Idempotent: a missing image is fine. Fails with an {@link EngineException}
     * while a container, running or not, uses it.
     */
    void removeImage(String image);

    /** Images carrying all the given labels (and {@link Labels#MANAGED}). */
    List<ImageSummary> listImages(Map<String, String> labels);

    // --- volumes --------------------------------------------------------------------------------

    /** Creates the named volume with the labels. Idempotent: an existing volume of that name is kept as is. */
    void createVolume(String name, Map<String, String> labels);

    /** Removes the volume and its data. Idempotent: a missing volume is fine. Fails while a container uses it. */
    void removeVolume(String name);

    /** Volumes carrying all the given labels (and {@link Labels#MANAGED}). */
    List<VolumeSummary> listVolumes(Map<String, String> labels);

    /**
     * Where the engine keeps the volume's data on its host ({@code Mountpoint}), or empty when there is no such
     * volume. Blocking; cheap. The path is the engine host's: it is on this machine only when the engine is local.
     */
    Optional<String> volumeMountpoint(String name);

    // --- networks -------------------------------------------------------------------------------

    /** Creates a labelled bridge network unless one of that name exists. Idempotent. Returns its id. */
    String ensureNetwork(String name, Map<String, String> labels);

    /** Removes the network. Idempotent: a missing network is fine. */
    void removeNetwork(String name);

    /**
     * Networks carrying all the given labels (and {@link Labels#MANAGED}), with their subnets. An empty map lists
     * every network of the engine, whoever made it (the address ranges no space may reach). Blocking; cheap.
     */
    List<NetworkSummary> listNetworks(Map<String, String> labels);

    // --- containers -----------------------------------------------------------------------------

    /** Creates (does not start) a container. Not idempotent: a taken name fails. Returns the container id. */
    String createContainer(ContainerSpec spec);

    /** Freezes every process of the container (cgroup freezer). Idempotent: pausing a paused container succeeds. */
    void pauseContainer(String container);

    /** Thaws a paused container. Idempotent: resuming a running container succeeds. */
    void resumeContainer(String container);

    /** Starts the container. Idempotent: starting a running container succeeds. */
    void startContainer(String container);

    /**
     * Stops the container, killing it once {@code timeout} has passed. Blocking until it has stopped.
     * Idempotent: stopping a stopped container succeeds.
     */
    void stopContainer(String container, Duration timeout);

    /**
     * Removes the container with its anonymous volumes (named volumes stay). With {@code force} a running
     * container is killed first; without it removing a running one fails. Idempotent: missing is fine.
     */
    void removeContainer(String container, boolean force);

    /** The container's current state, or empty when there is no such container. */
    Optional<ContainerState> inspectContainer(String container);

    /** Containers, running or not, carrying all the given labels (and {@link Labels#MANAGED}). */
    List<ContainerSummary> listContainers(Map<String, String> labels);

    // --- exec -----------------------------------------------------------------------------------

    /**
     * Runs a command inside a running container and waits for it. Blocking up to the request's timeout; when
     * it passes, the process and its children are killed (SIGKILL) and the result says {@code timedOut}.
     * Output beyond the request's cap is dropped and the result says {@code truncated}.
     */
    ExecResult exec(String container, ExecRequest request);

    /**
     * Starts a command with a terminal of {@code cols} x {@code rows} inside a running container.
     * Returns as soon as it runs; the caller must close the result.
     */
    InteractiveExec openInteractive(String container, List<String> command, Map<String, String> env,
                                    int cols, int rows);

    // --- files ----------------------------------------------------------------------------------

    /**
     * Streams the content of one regular file to {@code out}, never holding it whole in memory. Blocking until
     * copied; does not close {@code out}. Works on stopped containers too. A symbolic link is followed.
     * Throws {@link NotFoundException} when the path does not exist, {@link EngineException} for a directory.
     */
    void readFile(String container, String path, OutputStream out);

    /**
     * Writes {@code size} bytes from {@code content} to the file at {@code path} with permission bits
     * {@code mode} (e.g. {@code 0644}), replacing it if present and creating missing parent directories (which
     * needs the container to run). Streams; blocking until written; does not close {@code content}.
     */
    void writeFile(String container, String path, InputStream content, long size, int mode);

    // --- housekeeping ---------------------------------------------------------------------------

    /**
     * Removes every container (forced), then image, volume and network carrying all the given labels and
     * {@link Labels#MANAGED}. Nothing without the managed label is touched. Refuses an empty map, so that
     * a mistake cannot remove everything warren manages. Idempotent; keeps going past failures and reports them
     * together at the end.
     */
    void cleanup(Map<String, String> labels);

    /** Releases the connection to the engine; containers keep running. Idempotent. */
    @Override
    void close();
}
