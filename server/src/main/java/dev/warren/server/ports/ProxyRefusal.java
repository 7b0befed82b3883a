package dev.warren.server.ports;

/**
 * A request the port proxy answers itself instead of passing it to a space: a status and a sentence saying why and
 * what to do. The connection is closed after the answer.
 */
final class ProxyRefusal extends RuntimeException {
    private final int status;

    ProxyRefusal(int status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
