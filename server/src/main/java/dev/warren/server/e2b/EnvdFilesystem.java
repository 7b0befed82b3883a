package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.runtime.agent.FileEvent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileWatch;
import dev.warren.server.auth.Caller;
import dev.warren.server.spaces.SpaceIo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * envd's {@code filesystem.Filesystem} service on {@link SpaceIo}: stat, list (with depth), make directory, move,
 * remove, a streamed directory watch, and watchers polled by id. Polled watchers are bounded (per sandbox and in
 * the events they hold) and end with their sandbox's access. Thread-safe.
 */
final class EnvdFilesystem {
    private static final int MAX_WATCHERS_PER_SANDBOX = 64;
    private static final int MAX_PENDING_EVENTS = 10_000;
    private static final int MAX_LIST_DEPTH = 32;

    private final SpaceIo io;
    private final EnvdJson json;
    private final Duration keepalive;
    private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();

    /** A polled watcher: whose it is, what it watches, and the events not yet fetched (oldest dropped past the cap). */
    private record Watcher(String sandbox, String userId, String path, FileWatch watch, Deque<FileEvent> events) {}

    EnvdFilesystem(SpaceIo io, EnvdJson json, Duration keepalive) {
        this.io = io;
        this.json = json;
        this.keepalive = keepalive;
    }

    static boolean streams(String method) {
        return method.equals("WatchDir");
    }

    JsonNode unary(Caller caller, String sandbox, String method, JsonNode request) {
        ObjectNode answer = json.object();
        switch (method) {
            case "Stat" -> answer.set("entry", json.entry(io.stat(caller, sandbox, EnvdJson.path(request, "path"))));
            case "ListDir" -> {
                int depth = Math.max(1, request.path("depth").asInt(1));
                if (depth > MAX_LIST_DEPTH) {
                    throw E2bError.invalid("depth must be at most " + MAX_LIST_DEPTH + ", not " + depth + ".");
                }
                ArrayNode entries = answer.putArray("entries");
                for (FileInfo info : io.list(caller, sandbox, EnvdJson.path(request, "path"), depth)) {
                    entries.add(json.entry(info));
                }
            }
            case "MakeDir" -> {
                String path = EnvdJson.path(request, "path");
                if (!io.makeDirectory(caller, sandbox, path)) {
                    throw new E2bError(409, ConnectCode.ALREADY_EXISTS, "'" + path + "' already exists.");
                }
                answer.set("entry", json.entry(io.stat(caller, sandbox, path)));
            }
            case "Move" -> answer.set("entry", json.entry(io.rename(caller, sandbox,
                    EnvdJson.path(request, "source"), EnvdJson.path(request, "destination"))));
            case "Remove" -> io.remove(caller, sandbox, EnvdJson.path(request, "path"));
            case "CreateWatcher" -> answer.put("watcherId", createWatcher(caller, sandbox, request));
            case "GetWatcherEvents" -> {
                Watcher watcher = watcher(caller, sandbox, request);
                ArrayNode events = answer.putArray("events");
                synchronized (watcher.events()) {
                    while (!watcher.events().isEmpty()) {
                        events.add(json.event(watcher.events().pollFirst(), watcher.path()));
                    }
                }
            }
            case "RemoveWatcher" -> {
                Watcher watcher = watcher(caller, sandbox, request);
                watchers.remove(EnvdJson.required(request, "watcherId"), watcher);
                watcher.watch().close();
            }
            default -> throw EnvdProcesses.unimplemented(method);
        }
        return answer;
    }

    /** {@code WatchDir}: a start event once the watch is set up, then an event per change until the deadline. */
    void watchDir(Caller caller, String sandbox, JsonNode request, Duration deadline, ConnectStream stream)
            throws IOException {
        String path = EnvdJson.path(request, "path");
        LinkedBlockingQueue<FileEvent> events = new LinkedBlockingQueue<>(MAX_PENDING_EVENTS);
        try (FileWatch watch = io.watch(caller, sandbox, path, request.path("recursive").asBoolean(false),
                events::offer)) {
            ObjectNode start = json.object();
            start.putObject("start");
            stream.send(start);
            long endAt = deadline == null ? Long.MAX_VALUE : System.nanoTime() + deadline.toNanos();
            long nextPing = System.nanoTime() + keepalive.toNanos();
            while (watch.isOpen()) {
                long now = System.nanoTime();
                if (now >= endAt) {
                    stream.end(new E2bError(504, ConnectCode.DEADLINE_EXCEEDED, "The watch reached its timeout."));
                    return;
                }
                FileEvent event = events.poll(Math.min(Math.min(endAt, nextPing) - now, 1_000_000_000L),
                        TimeUnit.NANOSECONDS);
                ObjectNode message = json.object();
                if (event != null) {
                    message.set("filesystem", json.event(event, path));
                    stream.send(message);
                } else if (System.nanoTime() >= nextPing) {
                    message.putObject("keepalive");
                    stream.send(message); // also notices a client that went away (the write fails)
                    nextPing = System.nanoTime() + keepalive.toNanos();
                }
            }
            stream.end(new E2bError(502, ConnectCode.UNAVAILABLE, "The sandbox ended the watch."));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stream.end(new E2bError(499, ConnectCode.CANCELED, "The watch was interrupted."));
        }
    }

    private String createWatcher(Caller caller, String sandbox, JsonNode request) {
        long mine = watchers.values().stream().filter(watcher -> watcher.sandbox().equals(sandbox)).count();
        if (mine >= MAX_WATCHERS_PER_SANDBOX) {
            throw new E2bError(429, ConnectCode.RESOURCE_EXHAUSTED, "A sandbox may have at most "
                    + MAX_WATCHERS_PER_SANDBOX + " watchers; remove one first.");
        }
        String path = EnvdJson.path(request, "path");
        Deque<FileEvent> events = new ArrayDeque<>();
        FileWatch watch = io.watch(caller, sandbox, path, request.path("recursive").asBoolean(false), event -> {
            synchronized (events) {
                if (events.size() >= MAX_PENDING_EVENTS) {
                    events.pollFirst();
                }
                events.addLast(event);
            }
        });
        String id = UUID.randomUUID().toString();
        watchers.put(id, new Watcher(sandbox, caller.userId(), path, watch, events));
        return id;
    }

    /** The caller's watcher in this sandbox; anyone else's, or an unknown id, is not found. */
    private Watcher watcher(Caller caller, String sandbox, JsonNode request) {
        Watcher watcher = watchers.get(EnvdJson.required(request, "watcherId"));
        if (watcher == null || !watcher.sandbox().equals(sandbox) || !watcher.userId().equals(caller.userId())) {
            throw E2bError.notFound("No watcher '" + request.path("watcherId").asText() + "' in this sandbox.");
        }
        if (!watcher.watch().isOpen()) {
            watchers.remove(request.path("watcherId").asText(), watcher);
            throw E2bError.notFound("The watcher '" + request.path("watcherId").asText() + "' ended with its"
                    + " sandbox.");
        }
        return watcher;
    }

    /** Closes every polled watcher (server shutdown). */
    void closeAll() {
        watchers.values().forEach(watcher -> watcher.watch().close());
        watchers.clear();
    }
}
