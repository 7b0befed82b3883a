package dev.warren.server.e2b;

/**
 * A refusal in E2B's terms, raised inside this package: the HTTP status of the REST planes, the Connect code of the
 * RPC plane, and a sentence. Thrown before anything changed.
 */
public final class E2bError extends RuntimeException {
    private final int status;
    private final ConnectCode code;

    public E2bError(int status, ConnectCode code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public ConnectCode code() {
        return code;
    }

    static E2bError notSupported(String what) {
        return new E2bError(501, ConnectCode.UNIMPLEMENTED, what + " is not supported by warren's E2B-compatible API"
                + " (see docs/E2B.md).");
    }

    static E2bError unauthenticated(String message) {
        return new E2bError(401, ConnectCode.UNAUTHENTICATED, message);
    }

    static E2bError invalid(String message) {
        return new E2bError(400, ConnectCode.INVALID_ARGUMENT, message);
    }

    static E2bError notFound(String message) {
        return new E2bError(404, ConnectCode.NOT_FOUND, message);
    }

    /**
     * The sandbox behind a data-plane request is gone (killed or timed out) or not running: E2B's edge answers 502,
     * which its SDKs report as a TimeoutError that names the sandbox's timeout.
     */
    static E2bError sandboxGone(String sandboxId) {
        return new E2bError(502, ConnectCode.UNAVAILABLE, "The sandbox " + sandboxId + " is not running: it was"
                + " killed, timed out or is paused.");
    }
}
