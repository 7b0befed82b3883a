package dev.warren.client;

import dev.warren.client.wire.Sandboxes.ConnectRequest;
import dev.warren.client.wire.Sandboxes.CreateSandboxRequest;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Sandboxes.SandboxPage;
import dev.warren.client.wire.Sandboxes.TimeoutRequest;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The sandbox control plane ({@code /api/sandboxes}): create, get, list, set a timeout, connect, kill. Most code
 * uses {@link Sandbox} instead, which wraps one sandbox with its commands, files and port URLs. Every method blocks
 * until the server answers and throws a {@link WarrenException} subclass on failure. Thread-safe.
 */
public final class SandboxesApi {
    private final Warren warren;
    private final Transport transport;

    SandboxesApi(Warren warren, Transport transport) {
        this.warren = warren;
        this.transport = transport;
    }

    /** Creates a sandbox and starts it; returns once it runs. */
    public SandboxInfo create(SandboxOptions options) {
        Long seconds = options.timeout() == null ? null : seconds(options.timeout());
        CreateSandboxRequest request = new CreateSandboxRequest(options.template(), options.name(), seconds,
                options.onTimeout(), options.autoResume() ? Boolean.TRUE : null, options.metadata(),
                options.envVars(), options.secure(),
                options.idleTimeout() == null ? null : seconds(options.idleTimeout()),
                options.volumes().isEmpty() ? null : options.volumes(), options.snapshot());
        return transport.call("POST", "/api/sandboxes", request, SandboxInfo.class);
    }

    /** The sandbox as it is now; never starts or wakes it. */
    public SandboxInfo get(String id) {
        return transport.call("GET", path(id), null, SandboxInfo.class);
    }

    /** One page of sandboxes, oldest first, continuing after {@code cursor} (null for the first page). */
    public SandboxPage page(SandboxFilter filter, String cursor) {
        return transport.call("GET", "/api/sandboxes" + filter.query(cursor), null, SandboxPage.class);
    }

    /** Every matching sandbox, fetched a page at a time as the iteration goes on. */
    public Iterable<SandboxInfo> list(SandboxFilter filter) {
        return () -> new Iterator<>() {
            private Iterator<SandboxInfo> current = List.<SandboxInfo>of().iterator();
            private String cursor;
            private boolean fetchedLast;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !fetchedLast) {
                    SandboxPage page = page(filter, cursor);
                    current = page.sandboxes().iterator();
                    cursor = page.nextCursor();
                    fetchedLast = cursor == null;
                }
                return current.hasNext();
            }

            @Override
            public SandboxInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** A new life span: {@code timeout} from now (whole seconds, at least one). */
    public SandboxInfo setTimeout(String id, Duration timeout) {
        return transport.call("POST", path(id) + "/timeout", new TimeoutRequest(seconds(timeout)), SandboxInfo.class);
    }

    /**
     * Makes sure the sandbox runs (resuming it if paused, starting it if it stopped) and gives it its life span again
     * from now, or {@code timeout} when given.
     */
    public SandboxInfo connect(String id, Duration timeout) {
        return transport.call("POST", path(id) + "/connect",
                new ConnectRequest(timeout == null ? null : seconds(timeout)), SandboxInfo.class);
    }

    /** Freezes the sandbox with its memory (no CPU). Pausing a paused sandbox changes nothing. */
    public SandboxInfo pause(String id) {
        return transport.call("POST", path(id) + "/pause", null, SandboxInfo.class);
    }

    /** Thaws a paused sandbox; its life span starts again from now. */
    public SandboxInfo resume(String id) {
        return transport.call("POST", path(id) + "/resume", null, SandboxInfo.class);
    }

    /** Stops and deletes the sandbox with its container and volumes. */
    public void kill(String id) {
        transport.call("DELETE", path(id), null, Void.class);
    }

    Warren warren() {
        return warren;
    }

    /** Whole seconds, rounded up; zero and negative ones go as they are, for the server to refuse. */
    private static long seconds(Duration timeout) {
        return Math.ceilDiv(timeout.toMillis(), 1000);
    }

    private static String path(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A sandbox id is needed.");
        }
        return "/api/sandboxes/" + Transport.segment(id);
    }
}
