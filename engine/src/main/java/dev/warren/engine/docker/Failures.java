package dev.warren.engine.docker;

import com.github.dockerjava.api.exception.DockerException;
import dev.warren.engine.EngineException;
import dev.warren.engine.NotFoundException;

import java.util.function.Supplier;

/** Turns docker-java's failures into the engine's typed exceptions, once, at the driver's boundary. */
final class Failures {
    private Failures() {
    }

    /** Runs {@code call}; failures become exceptions whose message starts with {@code doing}. */
    static <T> T call(String doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(doing, e);
        }
    }

    static void run(String doing, Runnable call) {
        call(doing, () -> {
            call.run();
            return null;
        });
    }

    /** {@code doing} is a phrase like "Starting container abc"; the result reads "Starting container abc failed: ...". */
    static EngineException translate(String doing, Throwable e) {
        if (e instanceof EngineException engine) {
            return engine;
        }
        if (e instanceof com.github.dockerjava.api.exception.NotFoundException) {
            return new NotFoundException(doing + " failed because it does not exist: " + engineMessage(e) + ".", e);
        }
        return new EngineException(doing + " failed: " + engineMessage(e) + ".", e);
    }

    /** The engine's own words, without docker-java's "Status 404: {json}" wrapping when it can be peeled. */
    static String engineMessage(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        if (e instanceof DockerException) {
            int start = message.indexOf("\"message\":\"");
            if (start >= 0) {
                int from = start + "\"message\":\"".length();
                int end = message.indexOf('"', from);
                if (end > from) {
                    return message.substring(from, end);
                }
            }
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e && !(e instanceof DockerException)) {
            return message + " (" + engineMessage(cause) + ")";
        }
        while (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        return message;
    }
}
