package dev.warren.server.http;

import dev.warren.client.wire.Processes.ProcessEvent;
import dev.warren.client.wire.Processes.ProcessInfo;
import dev.warren.client.wire.Processes.ResizeRequest;
import dev.warren.client.wire.Processes.SignalRequest;
import dev.warren.client.wire.Processes.StartProcessRequest;
import dev.warren.client.wire.Processes.StdinRequest;
import dev.warren.core.ValidationException;
import dev.warren.server.spaces.SpaceIo;
import dev.warren.server.spaces.SpaceProcesses;
import dev.warren.server.http.Route.Access;
import io.javalin.http.Context;

import static dev.warren.server.http.Authenticator.caller;

/** Processes in a running space: start (streamed or background), list, attach, stdin, signals, terminal size. */
final class ProcessRoutes {
    private static final String PROCESSES = "/api/spaces/{space}/processes";
    private static final String PROCESS = PROCESSES + "/{pid}";

    private final SpaceIo io;
    private final Bodies bodies;
    private final ProcessStreams streams;

    ProcessRoutes(SpaceIo io, Bodies bodies, ProcessStreams streams) {
        this.io = io;
        this.bodies = bodies;
        this.streams = streams;
    }

    void addTo(Api api) {
        api.tag("processes")
                .post(PROCESSES, "Start a process. background: true answers 201 with the process; otherwise the "
                        + "answer streams NDJSON ProcessEvent lines (start, stdout/stderr, exit) and closing it kills "
                        + "the process.", StartProcessRequest.class, ProcessEvent.class, Access.USER_OR_SPACE,
                        this::start)
                .get(PROCESSES, "Processes started through the API (and the main command), running or recently "
                        + "exited.", ProcessInfo[].class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(io.processes(caller(ctx), ctx.pathParam("space"))))
                .get(PROCESS, "One process.", ProcessInfo.class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(io.process(caller(ctx), ctx.pathParam("space"), pid(ctx))))
                .get(PROCESS + "/output", "Attach: recent output, then live output and the exit, as NDJSON "
                        + "ProcessEvent lines. Closing it only detaches.", ProcessEvent.class, Access.USER_OR_SPACE,
                        ctx -> streams.stream(ctx, io.attach(caller(ctx), ctx.pathParam("space"), pid(ctx)), null,
                                true))
                .post(PROCESS + "/stdin", "Write to the process's stdin (started with stdin: true); close: true "
                        + "closes it.", StdinRequest.class, null, Access.USER_OR_SPACE, ctx -> {
                    StdinRequest request = bodies.read(ctx, StdinRequest.class);
                    io.writeStdin(caller(ctx), ctx.pathParam("space"), pid(ctx), request.data(),
                            Boolean.TRUE.equals(request.close()));
                    ctx.status(204);
                })
                .post(PROCESS + "/signal", "Send a signal (TERM, KILL, INT, HUP, … or a number) to the process's "
                        + "group; 409 when it has exited.", SignalRequest.class, null, Access.USER_OR_SPACE, ctx -> {
                    io.signal(caller(ctx), ctx.pathParam("space"), pid(ctx),
                            bodies.read(ctx, SignalRequest.class).signal());
                    ctx.status(204);
                })
                .delete(PROCESS, "Kill the process's group (SIGKILL); 409 when it has exited.", null,
                        Access.USER_OR_SPACE, ctx -> {
                    io.kill(caller(ctx), ctx.pathParam("space"), pid(ctx));
                    ctx.status(204);
                })
                .post(PROCESS + "/resize", "Resize the terminal of a process started with tty.",
                        ResizeRequest.class, null, Access.USER_OR_SPACE, ctx -> {
                    ResizeRequest size = bodies.read(ctx, ResizeRequest.class);
                    io.resize(caller(ctx), ctx.pathParam("space"), pid(ctx), size.cols(), size.rows());
                    ctx.status(204);
                });
    }

    private void start(Context ctx) {
        StartProcessRequest request = bodies.read(ctx, StartProcessRequest.class);
        String space = ctx.pathParam("space");
        if (Boolean.TRUE.equals(request.background())) {
            ctx.status(201).json(io.startBackground(caller(ctx), space, request));
            return;
        }
        SpaceProcesses.Foreground started = io.startForeground(caller(ctx), space, request);
        streams.stream(ctx, started.process(), started.timeout(), true);
    }

    private static int pid(Context ctx) {
        String value = ctx.pathParam("pid");
        if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < 1) {
            throw ValidationException.of("pid", "The process id must be a positive whole number.");
        }
        return Integer.parseInt(value);
    }
}
