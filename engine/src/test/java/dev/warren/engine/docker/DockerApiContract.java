package dev.warren.engine.docker;

import dev.warren.engine.Engine;
import dev.warren.engine.EngineContract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine contract for engines reached over the Docker API, with the engine's own CLI as an independent
 * witness for things the {@link Engine} interface deliberately cannot do (create unlabelled objects).
 */
abstract class DockerApiContract extends EngineContract {

    /** The address of the engine under test: system property, then environment variable, then default. */
    protected static String host(String property, String fallback) {
        String value = System.getProperty(property, System.getenv(property));
        return value == null || value.isBlank() ? fallback : value;
    }

    protected abstract String host();

    /** The CLI talking to {@link #host()}, e.g. {@code docker} with {@code DOCKER_HOST} or {@code podman --remote}. */
    protected abstract List<String> cli();

    @Override
    protected Engine connect() {
        return EngineLocator.connect(host());
    }

    @Override
    protected void createUnmanaged(String kind, String name, Map<String, String> labels) {
        var command = new ArrayList<>(cli());
        command.addAll(List.of(kind, "create"));
        labels.forEach((k, v) -> command.addAll(List.of("--label", k + "=" + v)));
        if (kind.equals("container")) {
            command.addAll(List.of("--name", name, IMAGE));
        } else {
            command.add(name);
        }
        if (runCli(command) != 0) {
            throw new AssertionError("Could not create " + kind + " " + name + " with " + command);
        }
    }

    @Override
    protected boolean exists(String kind, String name) {
        var command = new ArrayList<>(cli());
        command.addAll(List.of(kind, "inspect", name));
        return runCli(command) == 0;
    }

    private int runCli(List<String> command) {
        try {
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DOCKER_HOST", host());
            Process process = builder.start();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 30 s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new AssertionError("Could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
