package dev.warren.client.archive;

/**
 * An archive member the safety rules refuse (an absolute path, a {@code ..} component, a hard link, a device, a link
 * pointing outside the destination, a path under a link of the same archive, …). The message is a sentence naming
 * the member. Thrown before the member is written.
 */
public final class ArchiveRefusedException extends RuntimeException {
    public ArchiveRefusedException(String message) {
        super(message);
    }
}
