package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.client.wire.Processes.ProcessInfo;
import dev.warren.client.wire.Processes.StartProcessRequest;
import dev.warren.client.wire.Processes.TtySize;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.ProcessEvent;
import dev.warren.server.auth.Caller;
import dev.warren.server.spaces.SpaceIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * envd's {@code process.Process} service on {@link SpaceIo}. Every process is started in warren's background mode
 * and then attached to, as envd does: a client that disconnects leaves it running (it can {@code Connect} again);
 * the call's deadline ({@code Connect-Timeout-Ms}, E2B's {@code timeoutMs}) kills it. Output is streamed as it comes
 * and back-pressured by the client's reading. Thread-safe.
 */
final class EnvdProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(EnvdProcesses.class);
    /** How many started processes' configurations are remembered per sandbox (for List and tags). */
    private static final int REMEMBERED = 1024;

    private final SpaceIo io;
    private final EnvdJson json;
    private final Duration keepalive;
    /** sandbox id → pid → what envd would report for it (its config and tag). */
    private final Map<String, Map<Integer, Started>> started = new ConcurrentHashMap<>();

    private record Started(ObjectNode config, String tag) {}

    EnvdProcesses(SpaceIo io, EnvdJson json, Duration keepalive) {
        this.io = io;
        this.json = json;
        this.keepalive = keepalive;
    }

    /** The methods of this service that stream their answer. */
    static boolean streams(String method) {
        return method.equals("Start") || method.equals("Connect");
    }

    JsonNode unary(Caller caller, String sandbox, String method, JsonNode request) {
        return switch (method) {
            case "List" -> list(caller, sandbox);
            case "SendInput" -> {
                input(caller, sandbox, pid(caller, sandbox, request.path("process")), request.path("input"));
                yield json.object();
            }
            case "Update" -> {
                JsonNode size = request.path("pty").path("size");
                if (!size.isMissingNode()) {
                    io.resize(caller, sandbox, pid(caller, sandbox, request.path("process")),
                            size.path("cols").asInt(), size.path("rows").asInt());
                }
                yield json.object();
            }
            case "SendSignal" -> {
                int pid = pid(caller, sandbox, request.path("process"));
                io.signal(caller, sandbox, pid, signal(request.path("signal")));
                yield json.object();
            }
            case "CloseStdin" -> {
                io.writeStdin(caller, sandbox, pid(caller, sandbox, request.path("process")), null, true);
                yield json.object();
            }
            default -> throw unimplemented(method);
        };
    }

    /** {@code StreamInput}: a client stream of a start (the process), then data and keepalives, in order. */
    void streamInput(Caller caller, String sandbox, Iterable<JsonNode> messages) {
        Integer pid = null;
        for (JsonNode message : messages) {
            if (message.has("start")) {
                pid = pid(caller, sandbox, message.path("start").path("process"));
            } else if (message.has("data")) {
                if (pid == null) {
                    throw E2bError.invalid("StreamInput must begin with a start message naming the process.");
                }
                input(caller, sandbox, pid, message.path("data").path("input"));
            }
        }
    }

    /** {@code Start}: starts the process and streams its events; the deadline (null: none) kills it. */
    void start(Caller caller, String sandbox, JsonNode request, String user, Duration deadline, ConnectStream stream)
            throws IOException {
        JsonNode process = request.path("process");
        String cmd = EnvdJson.required(process, "cmd");
        List<String> args = EnvdJson.strings(process.path("args"), "process.args");
        Map<String, String> envs = EnvdJson.stringMap(process.path("envs"), "process.envs");
        String cwd = process.path("cwd").isTextual() ? process.path("cwd").asText() : null;
        JsonNode size = request.path("pty").path("size");
        boolean pty = !request.path("pty").isMissingNode() && !request.path("pty").isNull();
        TtySize tty = pty ? new TtySize(Math.max(1, size.path("cols").asInt(80)),
                Math.max(1, size.path("rows").asInt(24))) : null;
        // envd's stdin defaults to open for old clients; E2B's SDKs send false unless asked
        boolean stdin = !request.path("stdin").isBoolean() || request.path("stdin").asBoolean();
        String tag = request.path("tag").isTextual() ? request.path("tag").asText() : null;
        ProcessInfo info = io.startBackground(caller, sandbox, new StartProcessRequest(cmd, args, false, envs,
                cwd == null || cwd.isBlank() ? null : EnvdJson.absolute(cwd), user, null, true, stdin, tty));
        remember(sandbox, info.pid(), config(cmd, args, envs, cwd), tag);
        pump(caller, sandbox, io.attach(caller, sandbox, info.pid()), pty, deadline, stream);
    }

    /** {@code Connect}: attaches to a running process (its recent output is replayed) and streams its events. */
    void connect(Caller caller, String sandbox, JsonNode request, Duration deadline, ConnectStream stream)
            throws IOException {
        int pid = pid(caller, sandbox, request.path("process"));
        boolean pty = io.process(caller, sandbox, pid).tty();
        pump(caller, sandbox, io.attach(caller, sandbox, pid), pty, deadline, stream);
    }

    private void pump(Caller caller, String sandbox, AgentProcess process, boolean pty, Duration deadline,
            ConnectStream stream) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread alive = Thread.ofVirtual().start(() -> keepAlive(stream, process));
        Thread killer = deadline == null ? null : Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(deadline);
                timedOut.set(true);
                io.kill(caller, sandbox, process.pid());
            } catch (InterruptedException finished) {
                // the stream ended first
            } catch (RuntimeException gone) {
                LOG.debug("Could not kill pid {} at its deadline: {}", process.pid(), gone.toString());
            }
        });
        try (process) {
            ObjectNode start = json.object();
            start.putObject("event").putObject("start").put("pid", process.pid());
            stream.send(start);
            ProcessEvent event;
            while ((event = process.next()) != null) {
                if (event instanceof ProcessEvent.Output output) {
                    ObjectNode data = json.object();
                    String channel = pty ? "pty" : output.stream() == ProcessEvent.Stream.STDERR ? "stderr" : "stdout";
                    data.putObject("event").putObject("data").put(channel,
                            Base64.getEncoder().encodeToString(output.data()));
                    stream.send(data);
                } else if (event instanceof ProcessEvent.Exit exit) {
                    forget(sandbox, process.pid());
                    if (timedOut.get()) {
                        stream.end(new E2bError(504, ConnectCode.DEADLINE_EXCEEDED, "The command ran past its"
                                + " timeout and was killed."));
                        return;
                    }
                    stream.send(end(exit));
                    stream.end(null);
                    return;
                }
            }
            stream.end(new E2bError(502, ConnectCode.UNAVAILABLE, "The sandbox's agent ended the stream before the"
                    + " process exited."));
        } finally {
            alive.interrupt();
            if (killer != null) {
                killer.interrupt();
            }
        }
    }

    /** Keepalive events while nothing else is sent; a client that went away closes the attachment (not the process). */
    private void keepAlive(ConnectStream stream, AgentProcess process) {
        ObjectNode ping = json.object();
        ping.putObject("event").putObject("keepalive");
        try {
            while (!stream.ended()) {
                Thread.sleep(keepalive);
                stream.send(ping);
            }
        } catch (InterruptedException finished) {
            // the stream ended
        } catch (IOException gone) {
            process.close();
        }
    }

    /** {@code ProcessEvent.EndEvent}, worded as envd (Go's os/exec) words it. */
    private ObjectNode end(ProcessEvent.Exit exit) {
        ObjectNode message = json.object();
        ObjectNode end = message.putObject("event").putObject("end");
        if (exit.signal() != 0) {
            String status = "signal: " + switch (exit.signal()) {
                case 9 -> "killed";
                case 15 -> "terminated";
                case 2 -> "interrupt";
                case 1 -> "hangup";
                default -> Integer.toString(exit.signal());
            };
            end.put("exitCode", -1);
            end.put("exited", false);
            end.put("status", status);
            end.put("error", status);
        } else {
            end.put("exitCode", exit.exitCode());
            end.put("exited", true);
            end.put("status", "exit status " + exit.exitCode());
            if (exit.exitCode() != 0) {
                end.put("error", "exit status " + exit.exitCode());
            }
        }
        return message;
    }

    private JsonNode list(Caller caller, String sandbox) {
        Map<Integer, Started> known = started.getOrDefault(sandbox, Map.of());
        ObjectNode answer = json.object();
        ArrayNode processes = answer.putArray("processes");
        for (ProcessInfo info : io.processes(caller, sandbox)) {
            if (!info.running() || info.main()) {
                continue; // envd lists the processes it started that still run
            }
            ObjectNode entry = processes.addObject();
            Started remembered = known.get(info.pid());
            if (remembered != null) {
                entry.set("config", remembered.config());
            } else {
                List<String> argv = info.argv();
                entry.set("config", config(argv.isEmpty() ? "" : argv.getFirst(),
                        argv.size() > 1 ? argv.subList(1, argv.size()) : List.of(), Map.of(), null));
            }
            entry.put("pid", info.pid());
            if (remembered != null && remembered.tag() != null) {
                entry.put("tag", remembered.tag());
            }
        }
        return answer;
    }

    private void input(Caller caller, String sandbox, int pid, JsonNode input) {
        String encoded = input.has("pty") ? input.path("pty").asText() : input.path("stdin").asText(null);
        if (encoded == null) {
            throw E2bError.invalid("The field 'input' needs stdin or pty bytes.");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw E2bError.invalid("The input bytes must be base64, as the protobuf JSON mapping writes bytes.");
        }
        if (bytes.length > 0) {
            io.writeStdin(caller, sandbox, pid, new String(bytes, StandardCharsets.UTF_8), false);
        }
    }

    /** A {@code ProcessSelector}: a pid, or a tag given at start. */
    private int pid(Caller caller, String sandbox, JsonNode selector) {
        if (selector.path("pid").canConvertToInt()) {
            return selector.path("pid").asInt();
        }
        if (selector.path("tag").isTextual()) {
            String tag = selector.path("tag").asText();
            return started.getOrDefault(sandbox, Map.of()).entrySet().stream()
                    .filter(entry -> tag.equals(entry.getValue().tag())).map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> E2bError.notFound("No process with tag '" + tag + "' runs in this sandbox."));
        }
        throw E2bError.invalid("The field 'process' must name a pid or a tag.");
    }

    private static String signal(JsonNode signal) {
        String name = signal.asText("");
        return switch (name) {
            case "SIGNAL_SIGKILL", "9" -> "9";
            case "SIGNAL_SIGTERM", "15" -> "15";
            default -> throw E2bError.invalid("The field 'signal' must be SIGNAL_SIGKILL or SIGNAL_SIGTERM, not '"
                    + name + "'.");
        };
    }

    private ObjectNode config(String cmd, List<String> args, Map<String, String> envs, String cwd) {
        ObjectNode config = json.object();
        config.put("cmd", cmd);
        ArrayNode list = config.putArray("args");
        args.forEach(list::add);
        ObjectNode env = config.putObject("envs");
        envs.forEach(env::put);
        if (cwd != null && !cwd.isBlank()) {
            config.put("cwd", cwd);
        }
        return config;
    }

    private void remember(String sandbox, int pid, ObjectNode config, String tag) {
        Map<Integer, Started> known = started.computeIfAbsent(sandbox, id -> new ConcurrentHashMap<>());
        if (known.size() >= REMEMBERED) {
            known.keySet().stream().findFirst().ifPresent(known::remove); // bounded: forget an old one
        }
        known.put(pid, new Started(config, tag));
    }

    private void forget(String sandbox, int pid) {
        Map<Integer, Started> known = started.get(sandbox);
        if (known != null) {
            known.remove(pid);
            if (known.isEmpty()) {
                started.remove(sandbox, known);
            }
        }
    }

    static E2bError unimplemented(String method) {
        return new E2bError(501, ConnectCode.UNIMPLEMENTED, "The method " + method + " is not implemented.");
    }
}
