package dev.warren.client;

import dev.warren.client.wire.Processes.ProcessEvent;

import java.util.function.Consumer;

/**
 * What to do with a process's output as it arrives: {@code stdout} and {@code stderr} receive each chunk of text
 * (not necessarily whole lines; a terminal's output is all {@code stdout}); {@code events} receives every
 * {@link ProcessEvent} of the stream ({@code start}, {@code stdout}, {@code stderr}, {@code exit}, {@code error}),
 * before the output callbacks. Callbacks run on the thread that called {@code run}, {@code waitFor} or
 * {@code attach}, one at a time and in the order of the stream; a slow callback slows the stream down (it is not
 * buffered without bound), and one that throws ends the call with its exception (closing the stream, which kills a
 * foreground process). Immutable; each {@code on…} returns a copy:
 * <pre>{@code
 * OutputCallbacks.none().onStdout(System.out::print).onStderr(System.err::print)
 * }</pre>
 *
 * @param stdout receives standard output text
 * @param stderr receives standard error text
 * @param events receives every event of the stream
 */
public record OutputCallbacks(Consumer<String> stdout, Consumer<String> stderr, Consumer<ProcessEvent> events) {
    private static final OutputCallbacks NONE = new OutputCallbacks(null, null, null);

    /** Null callbacks become ones that do nothing. */
    public OutputCallbacks {
        stdout = stdout == null ? text -> {} : stdout;
        stderr = stderr == null ? text -> {} : stderr;
        events = events == null ? event -> {} : events;
    }

    /** No callbacks: output is only collected into the {@link CommandResult}. */
    public static OutputCallbacks none() {
        return NONE;
    }

    /**
     * @param stdout receives standard output text
     * @param stderr receives standard error text
     * @return callbacks for both output streams
     */
    public static OutputCallbacks of(Consumer<String> stdout, Consumer<String> stderr) {
        return new OutputCallbacks(stdout, stderr, null);
    }

    /**
     * @param value receives standard output text as it arrives
     * @return a copy with this callback
     */
    public OutputCallbacks onStdout(Consumer<String> value) {
        return new OutputCallbacks(value, stderr, events);
    }

    /**
     * @param value receives standard error text as it arrives
     * @return a copy with this callback
     */
    public OutputCallbacks onStderr(Consumer<String> value) {
        return new OutputCallbacks(stdout, value, events);
    }

    /**
     * @param value receives every event of the stream (the {@code start} event carries the pid)
     * @return a copy with this callback
     */
    public OutputCallbacks onEvent(Consumer<ProcessEvent> value) {
        return new OutputCallbacks(stdout, stderr, value);
    }
}
