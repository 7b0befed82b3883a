package dev.warren.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Processes.ProcessEvent;
import dev.warren.runtime.ProcessDeadline;
import dev.warren.runtime.agent.AgentProcess;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Streams a process's output to an HTTP response as NDJSON, one {@link ProcessEvent} per line, flushed as each
 * chunk arrives. The writes block when the client reads slowly, which stops reading from the agent, which stops
 * the process: output is back-pressured, never buffered in the server. A client that goes away closes the agent
 * connection (ending a foreground process; a background one only loses its listener).
 */
final class ProcessStreams {
    static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessStreams.class);
    /** How often an idle stream says it is alive; a write to a client that went away fails within two of these. */
    private static final Duration KEEPALIVE = Duration.ofSeconds(2);

    private final ObjectMapper mapper;

    ProcessStreams(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param timeout kill the process's group when it passes; {@code null}: never
     */
    void stream(Context ctx, AgentProcess process, Duration timeout, boolean announceStart) {
        ctx.status(200).contentType(NDJSON);
        ctx.res().setHeader("Cache-Control", "no-store");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        Utf8Stream stdout = new Utf8Stream();
        Utf8Stream stderr = new Utf8Stream();
        Thread keepalive = null;
        try (process; ProcessDeadline deadline = ProcessDeadline.start(process, timeout)) {
            OutputStream out = ctx.res().getOutputStream();
            keepalive = Thread.ofVirtual().start(() -> keepAlive(out, process));
            if (announceStart) {
                line(out, ProcessEvent.start(process.pid()));
            }
            dev.warren.runtime.agent.ProcessEvent event;
            while ((event = process.next()) != null) {
                if (event instanceof dev.warren.runtime.agent.ProcessEvent.Output output) {
                    boolean isErr = output.stream().name().equals("STDERR");
                    String text = (isErr ? stderr : stdout).decode(output.data());
                    if (!text.isEmpty()) {
                        line(out, ProcessEvent.output(isErr ? "stderr" : "stdout", text));
                    }
                } else if (event instanceof dev.warren.runtime.agent.ProcessEvent.Exit exit) {
                    flushRest(out, stdout, "stdout");
                    flushRest(out, stderr, "stderr");
                    int code = exit.signal() != 0 ? 128 + exit.signal() : exit.exitCode();
                    line(out, ProcessEvent.exit(code, exit.signal() == 0 ? null : exit.signal(), deadline.passed(),
                            false));
                    return;
                }
            }
            line(out, ProcessEvent.error("The space's agent ended the stream before the process exited."));
        } catch (IOException | RuntimeException gone) {
            LOG.debug("Process stream of pid {} ended early: {}", process.pid(), gone.toString());
        } finally {
            if (keepalive != null) {
                keepalive.interrupt();
            }
        }
    }

    /** Writes a keepalive line now and then; when the client is gone, closes the process's stream (ending it). */
    private void keepAlive(OutputStream out, AgentProcess process) {
        try {
            while (true) {
                Thread.sleep(KEEPALIVE);
                line(out, ProcessEvent.keepalive());
            }
        } catch (InterruptedException finished) {
            // the stream ended
        } catch (IOException | RuntimeException gone) {
            LOG.debug("The client of pid {} went away: {}", process.pid(), gone.toString());
            process.close();
        }
    }

    private void flushRest(OutputStream out, Utf8Stream stream, String name) throws IOException {
        String rest = stream.finish();
        if (!rest.isEmpty()) {
            line(out, ProcessEvent.output(name, rest));
        }
    }

    private void line(OutputStream out, ProcessEvent event) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(event);
        synchronized (out) { // the keepalive writes from another thread
            out.write(bytes);
            out.write('\n');
            out.flush();
        }
    }
}
