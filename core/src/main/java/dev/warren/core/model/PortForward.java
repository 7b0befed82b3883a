package dev.warren.core.model;

/**
 * A forward of {@code localhost:localPort} inside {@code sourceSpaceId} to {@code remotePort} of
 * {@code targetSpaceId}. Persistent forwards are stored and survive restarts of the source and the server.
 */
public record PortForward(String sourceSpaceId, int localPort, String targetSpaceId, int remotePort,
        boolean persistent, boolean force) {

    /** Same local port, target and remote port: {@code apply} leaves such a forward unchanged. */
    public boolean sameRoute(PortForward other) {
        return localPort == other.localPort && targetSpaceId.equals(other.targetSpaceId)
                && remotePort == other.remotePort;
    }
}
