package dev.warren.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Processes.ProcessEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

/**
 * Reads one process's NDJSON stream line by line as it arrives, hands each {@link ProcessEvent} to the callbacks,
 * collects the output and returns the {@link CommandResult} at the {@code exit} event. Closes the stream when done
 * (early, on failure). One use, one thread.
 */
final class ProcessStream {
    private final ObjectMapper json;
    private final String what;

    /**
     * @param json the wire mapper
     * @param what the process, for messages ("the process 42 in web")
     */
    ProcessStream(ObjectMapper json, String what) {
        this.json = json;
        this.what = what;
    }

    /**
     * @param body      the stream; closed before this returns
     * @param callbacks receive events and output in stream order
     * @param onStart   called with the pid of a {@code start} event, after the callbacks
     * @return how the process ended
     * @throws WarrenException.StreamBroken when the stream ends without an {@code exit} event
     */
    CommandResult read(InputStream body, OutputCallbacks callbacks, IntConsumer onStart) {
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        try (InputStream in = body;
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ProcessEvent event = parse(line);
                callbacks.events().accept(event);
                String data = event.data() == null ? "" : event.data();
                switch (event.type() == null ? "" : event.type()) {
                    case "start" -> {
                        if (event.pid() != null) {
                            onStart.accept(event.pid());
                        }
                    }
                    case "stdout" -> {
                        stdout.append(data);
                        callbacks.stdout().accept(data);
                    }
                    case "stderr" -> {
                        stderr.append(data);
                        callbacks.stderr().accept(data);
                    }
                    case "exit" -> {
                        return result(event, stdout, stderr);
                    }
                    case "error" -> throw new WarrenException.StreamBroken("The output of " + what + " broke: "
                            + (data.isBlank() ? "the server gave no reason." : data), null);
                    default -> {
                        // an event type added by a newer server: handed to the event callback only
                    }
                }
            }
        } catch (IOException error) {
            throw new WarrenException.StreamBroken("Reading the output of " + what + " failed: "
                    + (error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage()) + ".", error);
        }
        throw new WarrenException.StreamBroken("The output of " + what + " ended before the process exited "
                + "(the connection closed); a background process may still be running.", null);
    }

    private ProcessEvent parse(String line) {
        try {
            return json.readValue(line, ProcessEvent.class);
        } catch (JsonProcessingException notAnEvent) {
            String shown = line.length() > 200 ? line.substring(0, 200) + "…" : line;
            throw new WarrenException.StreamBroken("The output of " + what + " has a line that is not a process "
                    + "event: " + shown, notAnEvent);
        }
    }

    private static CommandResult result(ProcessEvent exit, StringBuilder stdout, StringBuilder stderr) {
        int code = exit.exitCode() != null ? exit.exitCode() : exit.signal() != null ? 128 + exit.signal() : -1;
        return new CommandResult(stdout.toString(), stderr.toString(), code, exit.signal(),
                Boolean.TRUE.equals(exit.timedOut()), Boolean.TRUE.equals(exit.truncated()));
    }
}
