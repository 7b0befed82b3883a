package dev.warren.runtime.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A process's events read to the end. */
record Events(String stdout, String stderr, ProcessEvent.Exit exit, List<ProcessEvent> all) {

    static Events readAll(AgentProcess process) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<ProcessEvent> all = new ArrayList<>();
        ProcessEvent.Exit exit = null;
        try (process) {
            ProcessEvent event;
            while ((event = process.next()) != null) {
                all.add(event);
                switch (event) {
                    case ProcessEvent.Output output ->
                            (output.stream() == ProcessEvent.Stream.STDERR ? err : out).writeBytes(output.data());
                    case ProcessEvent.Exit ended -> exit = ended;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Events(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exit, all);
    }

    static String text(ProcessEvent event) {
        return event instanceof ProcessEvent.Output output ? new String(output.data(), StandardCharsets.UTF_8) : "";
    }
}
