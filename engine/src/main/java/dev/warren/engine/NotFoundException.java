package dev.warren.engine;

/** The container, image, volume, exec or file named in the call does not exist. */
public class NotFoundException extends EngineException {
    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
