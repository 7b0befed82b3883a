package dev.warren.client;

import dev.warren.client.wire.Sandboxes.SandboxInfo;

import java.time.Duration;

/**
 * One sandbox: an isolated Linux environment for an agent, created and started in one call, killed when closed
 * (unless created with {@link SandboxOptions#withKeepAlive(boolean) keepAlive}) or when its timeout passes. The
 * seed's quickstart in Java:
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.create()) {
 *     CommandResult result = sandbox.commands().run("echo 'Hello from warren!'", RunOptions.shell());
 *     System.out.println(result.stdout());
 *     sandbox.files().write("/hello.txt", "world");
 *     System.out.println(sandbox.files().read("/hello.txt"));
 *     CommandHandle server = sandbox.commands().background("httpd -f -p 8080 -h /workspace", RunOptions.shell());
 *     System.out.println(sandbox.getUrl(8080));
 *     server.kill();
 * }
 * }</pre>
 * {@link #create()} and {@link #connect(String)} use {@link Warren#connect()} (WARREN_SERVER / WARREN_TOKEN, then
 * the CLI's config file); the overloads taking a {@link Warren} use that client. Thread-safe.
 */
public final class Sandbox implements AutoCloseable {
    private final SandboxesApi sandboxes;
    private final String id;
    private final boolean keepAlive;
    private volatile SandboxInfo info;

    private Sandbox(SandboxesApi sandboxes, SandboxInfo info, boolean keepAlive) {
        this.sandboxes = sandboxes;
        this.id = info.id();
        this.info = info;
        this.keepAlive = keepAlive;
    }

    /** Creates and starts a sandbox with the server's defaults. */
    public static Sandbox create() {
        return create(Warren.connect(), SandboxOptions.defaults());
    }

    public static Sandbox create(SandboxOptions options) {
        return create(Warren.connect(), options);
    }

    public static Sandbox create(Warren warren, SandboxOptions options) {
        SandboxesApi api = warren.sandboxes();
        return new Sandbox(api, api.create(options), options.keepAlive());
    }

    /**
     * Reconnects to an existing sandbox, resuming it if paused and starting it if it stopped. Closing the returned object kills the sandbox
     * only if {@code killOnClose}; {@link #connect(String)} keeps it alive.
     */
    public static Sandbox connect(Warren warren, String id, boolean killOnClose) {
        SandboxesApi api = warren.sandboxes();
        return new Sandbox(api, api.connect(id, null), !killOnClose);
    }

    public static Sandbox connect(String id) {
        return connect(Warren.connect(), id, false);
    }

    /** The sandbox as it is now, read-only: never starts or wakes it. */
    public static SandboxInfo getInfo(Warren warren, String id) {
        return warren.sandboxes().get(id);
    }

    /** Every sandbox matching {@code filter}, fetched page by page as the iteration goes. */
    public static Iterable<SandboxInfo> list(Warren warren, SandboxFilter filter) {
        return warren.sandboxes().list(filter);
    }

    public String id() {
        return id;
    }

    /** The sandbox as the server last answered (see {@link #refresh()}). */
    public SandboxInfo info() {
        return info;
    }

    /** Asks the server again. */
    public SandboxInfo refresh() {
        info = sandboxes.get(id);
        return info;
    }

    public boolean isRunning() {
        return "running".equals(refresh().state());
    }

    /** Commands: run in the foreground or background, list, attach, stdin, signals. */
    public ProcessesApi commands() {
        return sandboxes.warren().processes(id);
    }

    /** Files: read, write, list, search, watch, uploads (direct or resumable), downloads. */
    public SandboxFiles files() {
        Warren warren = sandboxes.warren();
        return new SandboxFiles(warren.files(id), warren.uploads(id));
    }

    /** Port URLs with preview links (private by default), public ports. */
    public PortUrlsApi ports() {
        return sandboxes.warren().portUrls(id);
    }

    /** Interactive terminals (the session id is the shell's pid). */
    public PtyApi pty() {
        return new PtyApi(commands());
    }

    /**
     * The URL of a port of the sandbox, through the server's port URL proxy. Private unless the sandbox was created
     * with {@code secure=false} or the port was made public: send your token (header) or use a preview link.
     *
     * @throws IllegalArgumentException when the port is outside 1..65535
     * @throws WarrenException.NotConfigured when the server has port URLs turned off
     */
    public String getUrl(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("A port is 1 to 65535, not " + port + ".");
        }
        String form = info.portUrl();
        if (form == null || form.isBlank()) {
            throw new WarrenException.NotConfigured("This server has port URLs turned off (WARREN_PORT_PROXY_PORT=-1).");
        }
        return form.replace("{port}", Integer.toString(port));
    }

    /**
     * Freezes the sandbox: processes keep their memory and use no CPU; commands and files are refused until
     * {@link #resume()} (or {@link #connect}, or traffic to a port URL when created with auto-resume).
     */
    public void pause() {
        info = sandboxes.pause(id);
    }

    /** Thaws it: processes go on where they were; its life span starts again from now. */
    public void resume() {
        info = sandboxes.resume(id);
    }

    /** A new life span: {@code timeout} from now. */
    public void setTimeout(Duration timeout) {
        info = sandboxes.setTimeout(id, timeout);
    }

    /**
     * Takes a named snapshot of this sandbox without stopping it (it is frozen while its files and volumes are
     * copied, then goes on; a paused one stays paused). <b>Memory is not carried</b>: checkpointing processes (CRIU)
     * fails on the kernels warren runs on, so a sandbox made from the snapshot starts its processes afresh from the
     * image's command; every file is there.
     */
    public dev.warren.client.wire.Snapshots.SnapshotInfo snapshot(String name) {
        return sandboxes.warren().snapshots().create(id, name);
    }

    /**
     * Makes {@code n} new running sandboxes from this one as it is now: each has its files, volumes, template,
     * environment and settings; writes afterwards diverge. <b>Memory is not carried</b> (see {@link #snapshot}):
     * the forks' processes start afresh. All or nothing: when one cannot be made, none is left. Closing a returned
     * sandbox kills it, as for {@link #create}.
     *
     * @throws WarrenException.ValidationFailed when {@code n} is outside 1 to the server's maximum (10 by default)
     * @throws WarrenException.WrongState       when this sandbox is stopped
     */
    public java.util.List<Sandbox> fork(int n) {
        return sandboxes.warren().snapshots().fork(id, n, null, null).sandboxes().stream()
                .map(made -> new Sandbox(sandboxes, made, false)).toList();
    }

    /** Stops and deletes the sandbox with everything in it. */
    public void kill() {
        sandboxes.kill(id);
    }

    /** Kills the sandbox unless it was created to be kept alive; a sandbox already gone is fine. */
    @Override
    public void close() {
        if (keepAlive) {
            return;
        }
        try {
            kill();
        } catch (WarrenException.NotFound alreadyGone) {
            // killed elsewhere or by its timeout: the goal is reached
        }
    }

    @Override
    public String toString() {
        return "Sandbox[" + id + "]";
    }
}
