package dev.warren.engine;

import java.util.List;
import java.util.stream.Collectors;

/** No engine answered; {@link #attempts()} says where warren looked and what each place answered. */
public class EngineUnavailableException extends EngineException {
    private final List<Attempt> attempts;

    public EngineUnavailableException(List<Attempt> attempts) {
        super(describe(attempts));
        this.attempts = List.copyOf(attempts);
    }

    /** One place warren tried: where it came from (e.g. {@code DOCKER_HOST}), the address and the failure. */
    public record Attempt(String source, String host, String failure) {
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    private static String describe(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return "No container engine was found because no place to look for one was configured.";
        }
        return attempts.stream()
                .map(a -> a.source() + " " + a.host() + ": " + a.failure())
                .collect(Collectors.joining("; ", "No container engine answered. Tried ", "."));
    }
}
