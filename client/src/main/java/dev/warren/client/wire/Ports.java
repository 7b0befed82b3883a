package dev.warren.client.wire;

import java.util.List;

/** Port forwarding between spaces, with the seed's exact shapes ({@code /space-io/{id}/port/...}). */
public final class Ports {
    private Ports() {}

    /** {@code space}: the target space's name or id. */
    public record ForwardRequest(Integer localPort, String space, Integer remotePort, Boolean persistent,
            Boolean force) {}

    public record Forward(int localPort, String space, int remotePort, boolean persistent) {}

    public record ForwardList(List<Forward> forwards) {}

    public record StopRequest(Integer localPort) {}

    public record ApplyRequest(List<ForwardRequest> forwards) {}

    public record ApplyResult(List<Forward> applied, List<Forward> stopped, List<String> errors) {}
}
