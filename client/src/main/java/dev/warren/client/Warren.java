package dev.warren.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.warren.client.wire.Auth.CreateTokenRequest;
import dev.warren.client.wire.Auth.CreatedToken;
import dev.warren.client.wire.Auth.LoginRequest;
import dev.warren.client.wire.Auth.LoginResponse;
import dev.warren.client.wire.Auth.UserInfo;
import dev.warren.client.wire.Health;
import dev.warren.client.wire.Ports.ApplyRequest;
import dev.warren.client.wire.Ports.ApplyResult;
import dev.warren.client.wire.Ports.Forward;
import dev.warren.client.wire.Ports.ForwardList;
import dev.warren.client.wire.Ports.ForwardRequest;
import dev.warren.client.wire.Ports.StopRequest;
import dev.warren.client.wire.Spaces.CreateSpaceRequest;
import dev.warren.client.wire.Spaces.Dependencies;
import dev.warren.client.wire.Spaces.Description;
import dev.warren.client.wire.Spaces.Egress;
import dev.warren.client.wire.Spaces.FieldValue;
import dev.warren.client.wire.Spaces.RunRequest;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.client.wire.Spaces.RunScriptRequest;
import dev.warren.client.wire.Spaces.Running;
import dev.warren.client.wire.Spaces.ShareRequest;
import dev.warren.client.wire.Spaces.SpaceEgress;
import dev.warren.client.wire.Spaces.SpaceInfo;
import dev.warren.client.wire.Spaces.Stack;
import dev.warren.client.wire.Spaces.StartupScript;
import dev.warren.client.wire.Spaces.TransferRequest;
import dev.warren.client.wire.Spaces.UnshareRequest;
import dev.warren.client.wire.Spaces.UpdateSpaceRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The warren client: every function of the knot.space scripting table as a Java method, plus files, port
 * forwarding, streamed processes ({@link #processes(String)}), and {@link #templates()}, {@link #scripts()},
 * {@link #users()}, {@link #tokens()} and {@link #stacks()}. Spaces are named by name or id everywhere.
 * <pre>{@code
 * Warren warren = Warren.connect();               // explicit > WARREN_SERVER/WARREN_TOKEN > config file
 * for (SpaceInfo space : warren.list()) {
 *     System.out.println(space.name() + ": " + (space.isRunning() ? "running" : "stopped"));
 * }
 * String id = warren.create("my-space", "ubuntu", CreateOptions.defaults().withDescription("My dev environment"));
 * warren.start("my-space");
 * System.out.println(warren.runOutput("my-space", "ls", "-la", "/tmp"));
 * System.out.println(warren.readFile("my-space", "/etc/hostname"));
 * }</pre>
 * Every method blocks until the server answers and throws a {@link WarrenException} subclass on failure (never
 * returns an error value). Immutable and thread-safe: share one instance.
 */
public final class Warren {
    /** The seed's default timeout of {@link #run(String, String, List, Duration, String)}: 30 seconds. */
    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(30);
    /** How long a request may take unless a method says otherwise: 2 minutes (starting a space pulls images). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final Connection connection;
    private final Transport transport;
    private final TemplatesApi templates;
    private final ScriptsApi scripts;
    private final UsersApi users;
    private final TokensApi tokens;
    private final StacksApi stacks;

    private Warren(Connection connection, HttpClient http, Duration requestTimeout) {
        this.connection = connection;
        this.transport = new Transport(http, connection.server(), connection.token(), requestTimeout);
        this.templates = new TemplatesApi(transport);
        this.scripts = new ScriptsApi(transport);
        this.users = new UsersApi(transport);
        this.tokens = new TokensApi(transport);
        this.stacks = new StacksApi(transport);
    }

    /**
     * Connects with settings from the environment ({@code WARREN_SERVER}, {@code WARREN_TOKEN}) or the config file;
     * inside a space this needs no configuration. Sends no request.
     *
     * @return the client
     * @throws WarrenException.NotConfigured when no server is configured anywhere
     */
    public static Warren connect() {
        return connect(Connection.resolve(null, null));
    }

    /**
     * Connects with an explicit server and token; a null argument falls back to the environment, then the config
     * file. Sends no request.
     *
     * @param server the server URL, or null
     * @param token  the API token, or null
     * @return the client
     */
    public static Warren connect(String server, String token) {
        return connect(Connection.resolve(server, token));
    }

    /**
     * Connects with resolved settings. Sends no request.
     *
     * @param connection where and as whom
     * @return the client
     */
    public static Warren connect(Connection connection) {
        return builder().connection(connection).build();
    }

    /** A builder for clients with custom timeouts or HTTP client. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings this client uses (the token masked in {@code toString}). */
    public Connection connection() {
        return connection;
    }

    /** Template management (list for everyone; create, update, delete for admins). */
    public TemplatesApi templates() {
        return templates;
    }

    /** Stored scripts: create, read, update, delete. */
    public ScriptsApi scripts() {
        return scripts;
    }

    /** User management (admins). */
    public UsersApi users() {
        return users;
    }

    /** The caller's API tokens. */
    public TokensApi tokens() {
        return tokens;
    }

    /** Start, stop or restart every space of a stack. */
    public StacksApi stacks() {
        return stacks;
    }

    /**
     * Processes in a running space: run a command streaming its output, start one in the background, list, attach,
     * feed stdin, signal, kill. Sends no request.
     *
     * @param space name or id
     * @return the space's processes
     * @throws IllegalArgumentException when the name is blank
     */
    public ProcessesApi processes(String space) {
        return new ProcessesApi(transport, space);
    }

    /**
     * Your named volumes: create, get, from_name (create if missing), list, delete, and their files without a
     * sandbox. Sends no request.
     */
    public VolumesApi volumes() {
        return new VolumesApi(transport);
    }

    /**
     * Snapshots: list, get, delete (take one with {@link Sandbox#snapshot(String)}, make a sandbox from one with
     * {@link SandboxOptions#withSnapshot(String)}). Memory is never carried, files and volumes are. Sends no request.
     */
    public SnapshotsApi snapshots() {
        return new SnapshotsApi(transport);
    }

    /** Sandboxes: create (and start), get, list by metadata, set timeouts, connect, kill. Sends no request. */
    public SandboxesApi sandboxes() {
        return new SandboxesApi(this, transport);
    }

    /**
     * Port URLs of a space (name or id): a port's URL, preview links, public ports. Sends no request.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public PortUrlsApi portUrls(String space) {
        return new PortUrlsApi(transport, space);
    }

    /**
     * Files of a running space: read, write, list, stat, mkdir, remove, rename, search, watch, and directories as tar
     * archives both ways. Sends no request.
     *
     * @param space name or id
     * @return the space's files
     * @throws IllegalArgumentException when the name is blank
     */
    public FilesApi files(String space) {
        return new FilesApi(transport, space);
    }

    /**
     * Uploads into a running space: files (direct or resumable), streams, directories as a resumable tar, resumes.
     * Sends no request.
     *
     * @param space name or id
     * @return the space's uploads
     */
    public UploadsApi uploads(String space) {
        return new UploadsApi(transport, space);
    }

    /** {@code GET /health}: whether the server and its store answer, and which engine serves spaces. Public. */
    public Health health() {
        return transport.call("GET", "/health", null, Health.class);
    }

    /** Who is calling ({@code GET /api/auth/me}); with a space token, the space's owner. */
    public UserInfo whoami() {
        return transport.call("GET", "/api/auth/me", null, UserInfo.class);
    }

    // ---- the knot.space table: lifecycle ----

    /**
     * Creates a stopped space with the seed's defaults ({@code shell = "bash"}).
     *
     * @param name     the new space's name
     * @param template the template's name or id
     * @return the new space's id
     * @throws WarrenException.ValidationFailed when the name is invalid
     * @throws WarrenException.Conflict when the name is taken
     * @throws WarrenException.NotFound when the template does not exist
     */
    public String create(String name, String template) {
        return create(name, template, CreateOptions.defaults());
    }

    /**
     * Creates a space ({@code create(name, template_name, description, shell, depends_on, stack)}).
     *
     * @param name     the new space's name
     * @param template the template's name or id
     * @param options  description, shell, dependencies, stack and the rest
     * @return the new space's id
     */
    public String create(String name, String template, CreateOptions options) {
        return createSpace(new CreateSpaceRequest(name, template, options.description(), options.shell(),
                options.dependsOn(), options.stack(), options.iconUrl(), options.altNames(), options.customFields(),
                options.startOnCreate(), options.forUser())).id();
    }

    /**
     * Creates a space from a full request and returns all of it.
     *
     * @param request the wire request
     * @return the new space
     */
    public SpaceInfo createSpace(CreateSpaceRequest request) {
        return transport.call("POST", "/api/spaces", request, SpaceInfo.class);
    }

    /**
     * Deletes a stopped space and its volumes.
     *
     * @param space name or id
     * @throws WarrenException.WrongState when the space is running
     */
    public void delete(String space) {
        transport.call("DELETE", space(space), null, Void.class);
    }

    /**
     * Gets a space's details (the seed's {@code get()} fields plus {@code state}).
     *
     * @param space name or id
     * @return the space
     * @throws WarrenException.NotFound when it does not exist or is not visible to the caller
     */
    public SpaceInfo get(String space) {
        return transport.call("GET", space(space), null, SpaceInfo.class);
    }

    /**
     * Edits name, description, icon, alternative names or shell; null fields stay as they are.
     *
     * @param space   name or id
     * @param request the changes
     * @return the space after the change
     */
    public SpaceInfo update(String space, UpdateSpaceRequest request) {
        return transport.call("PATCH", space(space), request, SpaceInfo.class);
    }

    /**
     * Starts a space, its dependencies first. Idempotent: starting a running space succeeds.
     *
     * @param space name or id
     * @return the space after starting
     */
    public SpaceInfo start(String space) {
        return transport.call("POST", space(space) + "/start", null, SpaceInfo.class);
    }

    /**
     * Stops a space (memory is lost, volumes are kept). Idempotent.
     *
     * @param space name or id
     * @return the space after stopping
     */
    public SpaceInfo stop(String space) {
        return transport.call("POST", space(space) + "/stop", null, SpaceInfo.class);
    }

    /**
     * Freezes a running space's processes with their memory (no CPU) until {@link #resume(String)}; runs, files and
     * terminals are refused (423) meanwhile. Pausing a paused space changes nothing.
     */
    public SpaceInfo pause(String space) {
        return transport.call("POST", space(space) + "/pause", null, SpaceInfo.class);
    }

    /** Thaws a paused space: its processes go on where they were. Resuming a running space changes nothing. */
    public SpaceInfo resume(String space) {
        return transport.call("POST", space(space) + "/resume", null, SpaceInfo.class);
    }

    /**
     * Stops then starts a space, applying template updates.
     *
     * @param space name or id
     * @return the space after restarting
     */
    public SpaceInfo restart(String space) {
        return transport.call("POST", space(space) + "/restart", null, SpaceInfo.class);
    }

    /** Lists the caller's spaces and those shared with them (a space token sees its own space). */
    public List<SpaceInfo> list() {
        return transport.list("/api/spaces", SpaceInfo.class);
    }

    /**
     * Lists every user's spaces ({@code GET /api/spaces?all=true}; admins only).
     *
     * @return all spaces on the server
     * @throws WarrenException.Forbidden when the caller is not an admin
     */
    public List<SpaceInfo> listAll() {
        return transport.list("/api/spaces?all=true", SpaceInfo.class);
    }

    /**
     * @param space name or id
     * @return whether the space is running
     */
    public boolean isRunning(String space) {
        return transport.call("GET", space(space) + "/running", null, Running.class).isRunning();
    }

    // ---- properties ----

    /**
     * @param space name or id
     * @return the description (empty when none)
     */
    public String getDescription(String space) {
        return transport.call("GET", space(space) + "/description", null, Description.class).description();
    }

    /**
     * @param space       name or id
     * @param description the new description
     * @return the description as stored
     */
    public String setDescription(String space, String description) {
        return transport.call("PUT", space(space) + "/description", new Description(description), Description.class)
                .description();
    }

    /**
     * @param space name or id
     * @return the ids of the spaces this one depends on
     */
    public List<String> getDependencies(String space) {
        return transport.call("GET", space(space) + "/dependencies", null, Dependencies.class).dependsOn();
    }

    /**
     * Sets the spaces to start before this one; an empty list removes all.
     *
     * @param space     name or id
     * @param dependsOn names or ids of the owner's spaces
     * @return the dependency ids as stored
     * @throws WarrenException.ValidationFailed when a dependency is missing or would form a cycle
     */
    public List<String> setDependencies(String space, List<String> dependsOn) {
        return transport.call("PUT", space(space) + "/dependencies", new Dependencies(List.copyOf(dependsOn)),
                Dependencies.class).dependsOn();
    }

    /**
     * @param space     name or id
     * @param dependsOn names or ids of the owner's spaces
     * @return the dependency ids as stored
     */
    public List<String> setDependencies(String space, String... dependsOn) {
        return setDependencies(space, Arrays.asList(dependsOn));
    }

    /**
     * @param space name or id
     * @return the stack name (empty when unstacked)
     */
    /** The id of the script run in the background after every start of the space (empty for none). */
    public String getStartupScript(String space) {
        return transport.call("GET", space(space) + "/startup-script", null, StartupScript.class).script();
    }

    /**
     * knot's startup script: runs in the background after every start (its output and exit code are a background
     * process's, see {@link #processes(String)}).
     *
     * @param space  name or id
     * @param script the script's name or id; empty to have none
     */
    public SpaceInfo setStartupScript(String space, String script) {
        return transport.call("PUT", space(space) + "/startup-script",
                new StartupScript(script == null ? "" : script), SpaceInfo.class);
    }

    public String getStack(String space) {
        return transport.call("GET", space(space) + "/stack", null, Stack.class).stack();
    }

    /**
     * @param space name or id
     * @param stack the stack name; empty to unstack
     * @return the stack as stored
     */
    public String setStack(String space, String stack) {
        return transport.call("PUT", space(space) + "/stack", new Stack(stack == null ? "" : stack), Stack.class)
                .stack();
    }

    /**
     * @param space name or id
     * @param field a custom field the template defines
     * @return its value (empty when unset)
     */
    public String getField(String space, String field) {
        return transport.call("GET", space(space) + "/fields/" + Transport.segment(field), null, FieldValue.class)
                .value();
    }

    /**
     * @param space name or id
     * @param field a custom field the template defines
     * @param value the new value
     * @return the value as stored
     */
    public String setField(String space, String field, String value) {
        return transport.call("PUT", space(space) + "/fields/" + Transport.segment(field), new FieldValue(value),
                FieldValue.class).value();
    }

    // ---- ownership and sharing ----

    /**
     * Gives a stopped space to another user.
     *
     * @param space name or id
     * @param user  the new owner's id, username or email
     * @return the space after the transfer
     */
    public SpaceInfo transfer(String space, String user) {
        return transport.call("POST", space(space) + "/transfer", new TransferRequest(user), SpaceInfo.class);
    }

    /**
     * Shares a space with users.
     *
     * @param space name or id
     * @param users ids, usernames or emails
     * @return the space with its shares
     */
    public SpaceInfo share(String space, List<String> users) {
        return transport.call("POST", space(space) + "/share", new ShareRequest(List.copyOf(users)), SpaceInfo.class);
    }

    /**
     * @param space name or id
     * @param users ids, usernames or emails
     * @return the space with its shares
     */
    public SpaceInfo share(String space, String... users) {
        return share(space, Arrays.asList(users));
    }

    /**
     * Without a user: an owner stops all sharing; a recipient leaves their own share.
     *
     * @param space name or id
     */
    public void unshare(String space) {
        unshare(space, null);
    }

    /**
     * Removes one user's share.
     *
     * @param space name or id
     * @param user  id, username or email; null as in {@link #unshare(String)}
     */
    public void unshare(String space, String user) {
        transport.call("POST", space(space) + "/unshare", new UnshareRequest(user), Void.class);
    }

    // ---- commands ----

    /**
     * Runs a command in a running space with the default 30 s timeout and the image's working directory.
     *
     * @param space   name or id
     * @param command the program (not a shell line: use {@code "sh", "-c", "..."} for one)
     * @param args    its arguments
     * @return output, exit code and whether it timed out
     */
    public RunResult run(String space, String command, String... args) {
        return run(space, command, Arrays.asList(args), DEFAULT_RUN_TIMEOUT, "");
    }

    /**
     * Runs a command in a running space ({@code run(space_name, command, args, timeout, workdir)}). A non-zero exit
     * code is a result, not an exception.
     *
     * @param space   name or id
     * @param command the program
     * @param args    its arguments
     * @param timeout how long before the process is killed ({@link RunResult#timedOut()}); null for 30 s
     * @param workdir the working directory; null or empty for the image's
     * @return output, exit code and whether it timed out
     * @throws WarrenException.WrongState when the space is not running
     */
    public RunResult run(String space, String command, List<String> args, Duration timeout, String workdir) {
        Duration limit = timeout == null ? DEFAULT_RUN_TIMEOUT : timeout;
        RunRequest request = new RunRequest(command, List.copyOf(args == null ? List.of() : args),
                (int) Math.max(1, limit.toSeconds()), workdir == null ? "" : workdir);
        return transport.call("POST", space(space) + "/run", request, type(RunResult.class),
                limit.plus(Duration.ofSeconds(30)), Map.of());
    }

    /**
     * The seed's {@code run()} returning only the output (stdout then stderr), whatever the exit code.
     *
     * @param space   name or id
     * @param command the program
     * @param args    its arguments
     * @return the command's output
     */
    public String runOutput(String space, String command, String... args) {
        return run(space, command, args).output();
    }

    /**
     * Runs a stored script in a space ({@code run_script(space_name, script_name, *args)}).
     *
     * @param space  name or id
     * @param script the script's name or id
     * @param args   arguments passed to the script
     * @return output, exit code and whether it timed out
     */
    public RunResult runScript(String space, String script, String... args) {
        return runScript(space, script, Arrays.asList(args), null);
    }

    /**
     * Runs a stored script in a space with a timeout.
     *
     * @param space   name or id
     * @param script  the script's name or id
     * @param args    arguments passed to the script
     * @param timeout how long before it is killed; null for the server's default
     * @return output, exit code and whether it timed out
     */
    public RunResult runScript(String space, String script, List<String> args, Duration timeout) {
        Integer seconds = timeout == null ? null : (int) Math.max(1, timeout.toSeconds());
        Duration limit = (timeout == null ? DEFAULT_RUN_TIMEOUT : timeout).plus(DEFAULT_REQUEST_TIMEOUT);
        return transport.call("POST", space(space) + "/scripts/" + Transport.segment(script) + "/run",
                new RunScriptRequest(List.copyOf(args), seconds), type(RunResult.class), limit, Map.of());
    }

    // ---- files ----

    /**
     * Reads a text file (UTF-8) from a running space.
     *
     * @param space name or id
     * @param path  an absolute path in the space
     * @return the file's content
     * @throws WarrenException.NotFound when the file does not exist
     */
    public String readFile(String space, String path) {
        return new String(readFileBytes(space, path), StandardCharsets.UTF_8);
    }

    /**
     * Reads a file's bytes from a running space (held in memory: stream large files with
     * {@link #readFile(String, String, OutputStream)}).
     *
     * @param space name or id
     * @param path  an absolute path in the space
     * @return the file's bytes
     */
    public byte[] readFileBytes(String space, String path) {
        try (InputStream in = openFile(space, path)) {
            return in.readAllBytes();
        } catch (IOException error) {
            throw new WarrenException.Unreachable("Reading " + path + " from " + space + " failed: "
                    + error.getMessage(), error);
        }
    }

    /**
     * Streams a file from a running space into {@code out} (not closed).
     *
     * @param space name or id
     * @param path  an absolute path in the space
     * @param out   where the bytes go
     * @return the number of bytes copied
     */
    public long readFile(String space, String path, OutputStream out) {
        try (InputStream in = openFile(space, path)) {
            return in.transferTo(out);
        } catch (IOException error) {
            throw new WarrenException.Unreachable("Copying " + path + " from " + space + " failed: "
                    + error.getMessage(), error);
        }
    }

    /**
     * Streams a file from a running space into a local file, replacing it only once the copy is complete.
     *
     * @param space  name or id
     * @param path   an absolute path in the space
     * @param target the local file to write
     * @return the number of bytes copied
     */
    public long readFile(String space, String path, Path target) {
        Path absolute = target.toAbsolutePath();
        try {
            Path temporary = Files.createTempFile(absolute.getParent(), ".warren-", ".part");
            try {
                long copied;
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    copied = readFile(space, path, out);
                }
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
                return copied;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot write " + absolute + ": " + error.getMessage(), error);
        }
    }

    /**
     * Opens a file in a running space for streaming; the caller must close the stream. Errors (missing file, space
     * not running) are thrown here, before any byte is read.
     *
     * @param space name or id
     * @param path  an absolute path in the space
     * @return the file's bytes as a stream
     */
    public InputStream openFile(String space, String path) {
        return transport.download(files(space, path));
    }

    /**
     * Writes a text file (UTF-8) in a running space, creating or replacing it.
     *
     * @param space   name or id
     * @param path    an absolute path in the space
     * @param content the new content
     */
    public void writeFile(String space, String path, String content) {
        writeFile(space, path, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes to a file in a running space, creating or replacing it.
     *
     * @param space   name or id
     * @param path    an absolute path in the space
     * @param content the new content
     */
    public void writeFile(String space, String path, byte[] content) {
        transport.upload(files(space, path), BodyPublishers.ofByteArray(content));
    }

    /**
     * Streams a local file into a file of a running space.
     *
     * @param space  name or id
     * @param path   an absolute path in the space
     * @param source the local file
     */
    public void writeFile(String space, String path, Path source) {
        try {
            transport.upload(files(space, path), BodyPublishers.ofFile(source));
        } catch (java.io.FileNotFoundException missing) {
            throw new UncheckedIOException("The local file " + source + " does not exist.", missing);
        }
    }

    /**
     * Streams {@code content} (read to its end, not closed) into a file of a running space.
     *
     * @param space   name or id
     * @param path    an absolute path in the space
     * @param content the bytes to write
     */
    public void writeFile(String space, String path, InputStream content) {
        Objects.requireNonNull(content, "content");
        transport.upload(files(space, path), BodyPublishers.ofInputStream(() -> new UnclosableInputStream(content)));
    }

    // ---- port forwarding ----

    /**
     * Forwards {@code localhost:localPort} inside {@code source} to {@code remotePort} of {@code target}.
     *
     * @param source     the source space's name or id (null: this space, from {@code WARREN_SPACE_ID})
     * @param localPort  the port to listen on in the source space (1-65535)
     * @param target     the target space's name or id
     * @param remotePort the port in the target space
     * @param persistent keep the forward across restarts (also allows a stopped source)
     * @param force      create it even if the target is not running
     */
    public void portForward(String source, int localPort, String target, int remotePort, boolean persistent,
            boolean force) {
        transport.call("POST", spaceIo(source) + "/forward",
                new ForwardRequest(localPort, target, remotePort, persistent, force), Void.class);
    }

    /**
     * Forwards from the space this code runs in (non-persistent, not forced).
     *
     * @param localPort  the port to listen on in this space
     * @param target     the target space's name or id
     * @param remotePort the port in the target space
     */
    public void portForward(int localPort, String target, int remotePort) {
        portForward(null, localPort, target, remotePort, false, false);
    }

    /**
     * Replaces all forwards of {@code source} with {@code forwards}: others stop, new ones start, identical ones
     * (same local port, target and remote port) are left alone.
     *
     * @param source   the source space's name or id (null: this space)
     * @param forwards the wanted forwards
     * @return what was applied, stopped, and the errors
     */
    public ApplyResult portApply(String source, List<ForwardRequest> forwards) {
        return transport.call("POST", spaceIo(source) + "/apply", new ApplyRequest(List.copyOf(forwards)),
                ApplyResult.class);
    }

    /**
     * @param space the source space's name or id (null: this space)
     * @return its active forwards
     */
    public List<Forward> portList(String space) {
        ForwardList list = transport.call("GET", spaceIo(space) + "/list", null, ForwardList.class);
        return list == null || list.forwards() == null ? List.of() : list.forwards();
    }

    /**
     * Stops one forward.
     *
     * @param space     the source space's name or id (null: this space)
     * @param localPort the forward's local port
     */
    public void portStop(String space, int localPort) {
        transport.call("POST", spaceIo(space) + "/stop", new StopRequest(localPort), Void.class);
    }

    // ---- egress ----

    /**
     * What the space may connect to outside warren: the policy in force, the template's and the owner's override.
     *
     * @param space name or id
     */
    public SpaceEgress egress(String space) {
        return transport.call("GET", space(space) + "/egress", null, SpaceEgress.class);
    }

    /**
     * Narrows the space's egress below its template's (owner or admin). Takes effect at once on a running space
     * (connections already open stay). A policy that allows anything the template does not is refused.
     *
     * @param space name or id
     * @param egress the space's own policy, e.g. {@code new Egress("allow_list", List.of("10.1.0.0/16"))}
     * @return the space's egress after the change
     * @throws WarrenException.ValidationFailed when the policy is malformed or widens the template's
     * @throws WarrenException.Forbidden  for a user the space is shared with
     */
    public SpaceEgress setEgress(String space, Egress egress) {
        return transport.call("PUT", space(space) + "/egress", egress, SpaceEgress.class);
    }

    /**
     * Drops the space's own policy: the template's applies again, at once on a running space.
     *
     * @param space name or id
     * @return the space's egress after the change
     */
    public SpaceEgress resetEgress(String space) {
        return transport.call("DELETE", space(space) + "/egress", null, SpaceEgress.class);
    }

    // ---- login ----

    /**
     * Logs in with a username and password and creates an API token for a non-browser client: a session login,
     * {@code POST /api/tokens} with the session's CSRF token, then a logout. The session never leaves this method.
     *
     * @param server        the server URL
     * @param username      the username or email
     * @param password      the password
     * @param tokenName     a name for the token (shown in {@code warren token list})
     * @param expiresInDays days until the token expires; null for never
     * @return the new token; {@link CreatedToken#token()} is the secret, shown only here
     * @throws WarrenException.Unauthenticated when the credentials are wrong
     * @throws WarrenException.TooManyRequests after too many failed attempts
     */
    public static CreatedToken login(String server, String username, String password, String tokenName,
            Integer expiresInDays) {
        URI uri = new Connection(Connection.parse(server), null, null, null).server();
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        Transport session = new Transport(http, uri, null, DEFAULT_REQUEST_TIMEOUT);
        LoginResponse login = session.call("POST", "/api/auth/login", new LoginRequest(username, password),
                LoginResponse.class);
        Map<String, String> csrf = Map.of("X-CSRF-Token", login.csrfToken());
        CreatedToken token = session.call("POST", "/api/tokens", new CreateTokenRequest(tokenName, expiresInDays),
                session.json().getTypeFactory().constructType(CreatedToken.class), DEFAULT_REQUEST_TIMEOUT, csrf);
        try {
            session.call("POST", "/api/auth/logout", null, session.json().getTypeFactory().constructType(Void.class),
                    DEFAULT_REQUEST_TIMEOUT, csrf);
        } catch (WarrenException ignored) {
            // the session expires on its own; the token is what matters
        }
        return token;
    }

    // ---- helpers ----

    private JavaType type(Class<?> type) {
        return transport.json().getTypeFactory().constructType(type);
    }

    private static String space(String space) {
        return "/api/spaces/" + Transport.segment(space);
    }

    private static String files(String space, String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("The file path must be absolute, not '" + path + "'.");
        }
        return space(space) + "/files?path=" + Transport.query(path);
    }

    /** {@code /space-io/{space_id}/port}: the id of the named space, or of this space when null. */
    private String spaceIo(String space) {
        String id;
        if (space == null || space.isBlank() || space.equals(connection.spaceId())
                || space.equals(connection.spaceName())) {
            id = connection.spaceId();
            if (id == null) {
                throw new IllegalArgumentException("No source space was given and WARREN_SPACE_ID is not set "
                        + "(outside a space, name the source space).");
            }
        } else {
            id = get(space).id();
        }
        return "/space-io/" + Transport.segment(id) + "/port";
    }

    /** Builds clients; not thread-safe, the built {@link Warren} is. */
    public static final class Builder {
        private Connection connection;
        private String server;
        private String token;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private HttpClient httpClient;

        private Builder() {}

        /**
         * @param value resolved settings (takes precedence over {@link #server} and {@link #token})
         * @return this builder
         */
        public Builder connection(Connection value) {
            this.connection = value;
            return this;
        }

        /**
         * @param value the server URL; null to resolve from the environment or config file
         * @return this builder
         */
        public Builder server(String value) {
            this.server = value;
            return this;
        }

        /**
         * @param value the API token; null to resolve from the environment or config file
         * @return this builder
         */
        public Builder token(String value) {
            this.token = value;
            return this;
        }

        /**
         * @param value the longest a plain request may take (default 2 minutes); {@code run} adds its own timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * @param value the longest connecting may take (default 10 seconds)
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * @param value an HTTP client to use (for proxies or TLS settings); its connect timeout then applies
         * @return this builder
         */
        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        /**
         * @return the client; sends no request
         * @throws WarrenException.NotConfigured when no server is configured anywhere
         */
        public Warren build() {
            Connection resolved = connection != null ? connection : Connection.resolve(server, token);
            // HTTP/1.1: the server speaks it; the JDK's default (HTTP/2 first) costs an upgrade attempt per connection.
            HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
            return new Warren(resolved, http, requestTimeout);
        }
    }

    /** Lets the HTTP client read a caller's stream to its end without closing it. */
    private static final class UnclosableInputStream extends java.io.FilterInputStream {
        UnclosableInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
