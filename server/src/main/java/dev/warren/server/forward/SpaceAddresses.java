package dev.warren.server.forward;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.SpaceStatus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a space's container is now: its address on the engine network (for dialling a forward's target) and the
 * host pid of its main process (for entering its network namespace). Addresses are cached per space and forgotten
 * on every state change of that space, so a target that restarts with a new address is dialled at the new one.
 * Thread-safe.
 */
final class SpaceAddresses {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final SpaceRuntime runtime;
    private final Sockets sockets;
    private final Map<String, InetAddress> cache = new ConcurrentHashMap<>();

    SpaceAddresses(SpaceRuntime runtime, Sockets sockets) {
        this.runtime = runtime;
        this.sockets = sockets;
    }

    /** The host pid of the space's running container, if it runs. Asks the engine. */
    OptionalLong pid(String spaceId) {
        return runningContainer(spaceId).map(SpaceStatus::namespaceHostPid).orElse(OptionalLong.empty());
    }

    /** Whether the space's container runs now. Asks the engine. */
    boolean running(String spaceId) {
        return runningContainer(spaceId).isPresent();
    }

    /**
     * Connects to {@code port} of the space's container at its current address. If the cached address fails, looks
     * the address up again once.
     *
     * @throws IOException when the space does not run or refuses the connection
     */
    Sockets.Link dial(String spaceId, int port) throws IOException {
        InetAddress address = address(spaceId);
        try {
            return connect(address, port);
        } catch (IOException first) {
            cache.remove(spaceId);
            InetAddress fresh = address(spaceId);
            if (fresh.equals(address)) {
                throw first;
            }
            return connect(fresh, port);
        }
    }

    /** The space's current address, if it runs and has one. Asks the engine unless cached. */
    Optional<InetAddress> current(String spaceId) {
        try {
            return Optional.of(address(spaceId));
        } catch (IOException notRunning) {
            return Optional.empty();
        }
    }

    /** Forgets the cached address: the space changed state. */
    void forget(String spaceId) {
        cache.remove(spaceId);
    }

    /** Connects to any address (the server's own API for the in-space bridge). */
    Sockets.Link connect(InetSocketAddress address) throws IOException {
        return sockets.connect(address, CONNECT_TIMEOUT_MILLIS);
    }

    private Sockets.Link connect(InetAddress address, int port) throws IOException {
        return connect(new InetSocketAddress(address, port));
    }

    private InetAddress address(String spaceId) throws IOException {
        InetAddress cached = cache.get(spaceId);
        if (cached != null) {
            return cached;
        }
        InetAddress address = runningContainer(spaceId).flatMap(SpaceStatus::address)
                .orElseThrow(() -> new IOException("The target space is not running."));
        cache.put(spaceId, address);
        return address;
    }

    private Optional<SpaceStatus> runningContainer(String spaceId) {
        try {
            return runtime.inspect(spaceId).filter(SpaceStatus::running);
        } catch (RuntimeException engineDown) {
            return Optional.empty();
        }
    }
}
