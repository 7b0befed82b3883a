package dev.warren.client.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Processes in a running space, through its in-space agent: start (streamed or in the background), list, attach, stdin, signals. */
public final class Processes {
    private Processes() {}

    /**
     * Start a process. Exactly one mode: {@code shell: true} runs {@code command} through {@code /bin/sh -c} (no
     * {@code args} allowed); otherwise {@code command} is the program and {@code args} its arguments, with no shell
     * parsing. {@code timeout} (seconds, 1..86400) kills the process group when it passes (foreground only; default
     * none for background, 3600 for foreground). {@code background: true} answers at once with the process; otherwise
     * the answer is a stream of {@link ProcessEvent} lines (NDJSON) ending with {@code exit}, and a client that
     * disconnects kills the process. {@code stdin: true} keeps stdin open for {@code /stdin} writes (otherwise it is
     * empty). {@code tty} gives the process a terminal of that size (one output stream). {@code user} and
     * {@code workdir} default to the template's.
     */
    public record StartProcessRequest(String command, List<String> args, Boolean shell, Map<String, String> env,
            String workdir, String user, Integer timeout, Boolean background, Boolean stdin, TtySize tty) {}

    public record TtySize(int cols, int rows) {}

    /**
     * A process started through the agent (or the space's main command, {@code main: true}). {@code exit_code} is
     * set once it has exited; {@code started_at} is ISO-8601.
     */
    public record ProcessInfo(int pid, List<String> argv, boolean running, Integer exitCode, boolean background,
            boolean tty, boolean main, String startedAt) {}

    /**
     * One line of a process's stream. {@code type}: {@code start} (with {@code pid}), {@code stdout} /
     * {@code stderr} (with {@code data}, UTF-8 text; a terminal's output is {@code stdout}), {@code exit} (with
     * {@code exit_code}, {@code signal} when killed by one, {@code timed_out}, {@code truncated} when output beyond
     * the cap was dropped), {@code error} (with {@code data}, a sentence: the stream broke) or {@code keepalive}
     * (sent every few seconds while nothing else is, so a client that went away is noticed and its foreground
     * process ended; clients ignore it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProcessEvent(String type, Integer pid, String data, Integer exitCode, Integer signal,
            Boolean timedOut, Boolean truncated) {

        public static ProcessEvent start(int pid) {
            return new ProcessEvent("start", pid, null, null, null, null, null);
        }

        public static ProcessEvent output(String stream, String data) {
            return new ProcessEvent(stream, null, data, null, null, null, null);
        }

        public static ProcessEvent exit(int exitCode, Integer signal, boolean timedOut, boolean truncated) {
            return new ProcessEvent("exit", null, null, exitCode, signal, timedOut, truncated);
        }

        public static ProcessEvent keepalive() {
            return new ProcessEvent("keepalive", null, null, null, null, null, null);
        }

        public static ProcessEvent error(String sentence) {
            return new ProcessEvent("error", null, sentence, null, null, null, null);
        }

        public boolean isExit() {
            return "exit".equals(type);
        }
    }

    /** Text to write to the process's stdin; {@code close: true} closes stdin after it. */
    public record StdinRequest(String data, Boolean close) {}

    /** A signal by name ({@code TERM}, {@code KILL}, {@code INT}, {@code HUP}, {@code QUIT}, {@code USR1}, {@code USR2}, {@code STOP}, {@code CONT}) or number. */
    public record SignalRequest(String signal) {}

    public record ResizeRequest(int cols, int rows) {}
}
