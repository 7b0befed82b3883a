package dev.warren.runtime;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A space as its runtime sees it now.
 *
 * @param spaceId          the space
 * @param instanceId       the runtime's id of what runs the space (a container id)
 * @param running          whether its processes run (a paused space counts as running)
 * @param paused           whether its processes are frozen
 * @param address          its address for connections from the server, when it has one
 * @param namespaceHostPid a process on this host holding the space's namespaces (for entering its network
 *                         namespace), when the runtime runs spaces on this host
 */
public record SpaceStatus(String spaceId, String instanceId, boolean running, boolean paused,
        Optional<InetAddress> address, OptionalLong namespaceHostPid) {}
