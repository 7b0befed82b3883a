package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.core.NotFoundException;
import dev.warren.core.model.User;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.server.auth.AuthService;
import dev.warren.server.auth.Caller;
import dev.warren.server.sandboxes.SandboxService;
import dev.warren.store.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The front door of the E2B-compatible API: tells the two planes apart (a data-plane request carries E2B's
 * {@code E2b-Sandbox-Id} header or envd's {@code X-Access-Token}, or names an envd route), authenticates each the
 * way E2B's SDKs do (a warren API token as {@code X-API-Key}; the sandbox's {@code envdAccessToken} as
 * {@code X-Access-Token}), dispatches, and answers every failure in the shape of the plane it came to: REST
 * {@code {"code": 404, "message": …}}, Connect {@code {"code": "not_found", "message": …}} (unary) or an
 * end-of-stream error (streams). Never throws. Thread-safe.
 */
public final class E2bGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(E2bGateway.class);
    private static final Duration KEEPALIVE = Duration.ofSeconds(10);
    private static final String CONNECT_JSON = "application/connect+json";

    private final AuthService auth;
    private final UserStore users;
    private final SandboxService sandboxes;
    private final EnvdTokens tokens;
    private final E2bControlPlane control;
    private final EnvdProcesses processes;
    private final EnvdFilesystem filesystem;
    private final EnvdFileTransfer files;
    private final ConnectFraming framing;
    private final ObjectMapper mapper;

    /** What the gateway is built from: warren's services, and where port URLs live ({@code domain}). */
    public record Parts(AuthService auth, UserStore users, SandboxService sandboxes,
            dev.warren.server.spaces.SpaceIo io, dev.warren.server.snapshots.SnapshotService snapshots,
            dev.warren.server.snapshots.ForkService forks, EnvdTokens tokens,
            java.util.function.Supplier<String> domain) {}

    public E2bGateway(Parts parts) {
        this.mapper = new ObjectMapper(); // E2B's JSON is camelCase, unlike warren's snake_case wire
        this.auth = parts.auth();
        this.users = parts.users();
        this.sandboxes = parts.sandboxes();
        this.tokens = parts.tokens();
        this.framing = new ConnectFraming(mapper);
        EnvdJson json = new EnvdJson(mapper);
        this.control = new E2bControlPlane(parts.sandboxes(), parts.snapshots(), parts.forks(),
                new E2bSandboxViews(mapper, parts.tokens(), parts.domain()), mapper);
        this.processes = new EnvdProcesses(parts.io(), json, KEEPALIVE);
        this.filesystem = new EnvdFilesystem(parts.io(), json, KEEPALIVE);
        this.files = new EnvdFileTransfer(parts.io(), json);
    }

    public void handle(E2bExchange exchange) {
        try {
            if (isDataPlane(exchange)) {
                dataPlane(exchange);
            } else {
                controlPlane(exchange);
            }
        } catch (IOException | RuntimeException failed) {
            LOG.debug("E2B request {} {} ended early: {}", exchange.method(), exchange.path(), failed.toString());
        }
    }

    static boolean isDataPlane(E2bExchange exchange) {
        String path = exchange.path();
        return exchange.header("E2b-Sandbox-Id") != null || exchange.header("X-Access-Token") != null
                || path.startsWith("/process.") || path.startsWith("/filesystem.") || path.equals("/files");
    }

    // ---- control plane ----

    private void controlPlane(E2bExchange exchange) throws IOException {
        try {
            if (exchange.path().equals("/health") && exchange.method().equals("GET")) {
                rest(exchange, E2bAnswer.of(200, mapper.createObjectNode().put("message", "ok")));
                return;
            }
            Caller caller = apiCaller(exchange);
            JsonNode body = exchange.method().equals("GET") || exchange.method().equals("DELETE")
                    ? mapper.createObjectNode() : jsonBody(exchange.body());
            rest(exchange, control.handle(caller, exchange.method(), exchange.path(), exchange::query, body));
        } catch (RuntimeException failed) {
            restError(exchange, E2bErrors.control(failed));
        }
    }

    /** E2B's API key is a warren API token ({@code X-API-Key}, or a bearer token as their access tokens travel). */
    private Caller apiCaller(E2bExchange exchange) {
        String key = exchange.header("X-API-Key");
        String bearer = exchange.header("Authorization");
        if ((key == null || key.isBlank()) && bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = bearer.substring(7).strip();
        }
        if (key == null || key.isBlank()) {
            throw E2bError.unauthenticated("Send a warren API token as the E2B API key (X-API-Key).");
        }
        Optional<Caller> caller = auth.fromBearer(key.strip());
        if (caller.isEmpty() || caller.get().isSpaceToken()) {
            throw E2bError.unauthenticated("The API key is not a valid warren API token (invalid, expired or"
                    + " revoked; space tokens are not accepted here).");
        }
        return caller.get();
    }

    private JsonNode jsonBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(ConnectFraming.MAX_MESSAGE + 1);
        if (bytes.length > ConnectFraming.MAX_MESSAGE) {
            throw E2bError.invalid("The request body is larger than " + ConnectFraming.MAX_MESSAGE + " bytes.");
        }
        if (bytes.length == 0) {
            return mapper.createObjectNode();
        }
        return framing.json(bytes);
    }

    private void rest(E2bExchange exchange, E2bAnswer answer) throws IOException {
        exchange.status(answer.status());
        answer.headers().forEach(exchange::header);
        if (answer.body() != null) {
            exchange.header("Content-Type", "application/json");
            exchange.output().write(mapper.writeValueAsBytes(answer.body()));
        }
    }

    private void restError(E2bExchange exchange, E2bError error) throws IOException {
        ObjectNode body = mapper.createObjectNode();
        body.put("code", error.status());
        body.put("message", error.getMessage());
        rest(exchange, E2bAnswer.of(error.status(), body));
    }

    // ---- data plane ----

    private void dataPlane(E2bExchange exchange) throws IOException {
        String path = exchange.path();
        boolean rpc = path.startsWith("/process.") || path.startsWith("/filesystem.");
        boolean streaming = rpc && String.valueOf(exchange.header("Content-Type")).toLowerCase(Locale.ROOT)
                .startsWith("application/connect+");
        try {
            Caller caller = dataCaller(exchange);
            String sandbox = liveSandbox(caller, exchange);
            if (rpc) {
                connect(exchange, caller, sandbox, streaming);
            } else {
                envdHttp(exchange, caller, sandbox);
            }
        } catch (RuntimeException failed) {
            E2bError error = E2bErrors.data(failed);
            if (!rpc) {
                restError(exchange, error);
            } else if (streaming) {
                exchange.status(200);
                exchange.header("Content-Type", CONNECT_JSON);
                framing.end(exchange.output(), error);
            } else {
                unaryError(exchange, error);
            }
        }
    }

    /** The sandbox's access token (bound to one sandbox and user), checked against the sandbox the request names. */
    private Caller dataCaller(E2bExchange exchange) {
        EnvdTokens.Binding binding = tokens.verify(exchange.header("X-Access-Token")).orElseThrow(() ->
                E2bError.unauthenticated("Send the sandbox's envdAccessToken as X-Access-Token."));
        String named = exchange.header("E2b-Sandbox-Id");
        if (named != null && !named.equals(binding.sandboxId())) {
            throw E2bError.unauthenticated("The access token belongs to another sandbox than " + named + ".");
        }
        User user = users.findById(binding.userId()).filter(User::active).orElseThrow(() ->
                E2bError.unauthenticated("The access token's user no longer exists or is disabled."));
        return new Caller(user, null, null);
    }

    /** The sandbox if the caller may still use it and it runs (a paused one that wakes on traffic is resumed). */
    private String liveSandbox(Caller caller, E2bExchange exchange) {
        String id = tokens.verify(exchange.header("X-Access-Token")).orElseThrow().sandboxId();
        SandboxInfo info;
        try {
            info = sandboxes.get(caller, id);
        } catch (NotFoundException gone) {
            throw E2bError.sandboxGone(id);
        }
        if (info.state().equals("running") || info.state().equals("paused") && sandboxes.wakeForTraffic(id)) {
            return id;
        }
        throw E2bError.sandboxGone(id);
    }

    private void envdHttp(E2bExchange exchange, Caller caller, String sandbox) throws IOException {
        String route = exchange.method() + " " + exchange.path();
        switch (route) {
            case "GET /health" -> exchange.status(204);
            case "GET /files" -> files.download(caller, sandbox, exchange);
            case "POST /files" -> rest(exchange, E2bAnswer.of(200, files.upload(caller, sandbox, exchange)));
            case "GET /envs" -> throw E2bError.notSupported("Reading environment variable values (warren never"
                    + " echoes them)");
            case "POST /init", "GET /metrics", "POST /files/compose" -> throw E2bError.notSupported("envd's "
                    + exchange.path());
            default -> throw E2bError.notFound("There is no envd route " + route + ".");
        }
    }

    private void connect(E2bExchange exchange, Caller caller, String sandbox, boolean streaming) throws IOException {
        String path = exchange.path();
        int slash = path.indexOf('/', 1);
        String service = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String method = slash < 0 ? "" : path.substring(slash + 1);
        String contentType = String.valueOf(exchange.header("Content-Type")).toLowerCase(Locale.ROOT);
        if (!exchange.method().equals("POST")) {
            throw new E2bError(405, ConnectCode.UNIMPLEMENTED, "Connect calls are POST requests.");
        }
        if (contentType.contains("proto")) {
            throw new E2bError(415, ConnectCode.UNIMPLEMENTED, "Only the JSON codec is served; send application/json"
                    + " or application/connect+json.");
        }
        boolean process = service.equals("process.Process");
        boolean filesystemService = service.equals("filesystem.Filesystem");
        if (!process && !filesystemService) {
            throw new E2bError(404, ConnectCode.UNIMPLEMENTED, "The service " + service + " is not implemented.");
        }
        if (!streaming) {
            JsonNode request = jsonBody(exchange.body());
            JsonNode answer = process ? processes.unary(caller, sandbox, method, request)
                    : filesystem.unary(caller, sandbox, method, request);
            exchange.status(200);
            exchange.header("Content-Type", "application/json");
            exchange.output().write(mapper.writeValueAsBytes(answer));
            return;
        }
        InputStream in = exchange.body();
        if (process && method.equals("StreamInput")) {
            processes.streamInput(caller, sandbox, envelopes(in));
            exchange.status(200);
            exchange.header("Content-Type", CONNECT_JSON);
            OutputStream out = exchange.output();
            framing.write(out, mapper.createObjectNode());
            framing.end(out, null);
            return;
        }
        if (!(process ? EnvdProcesses.streams(method) : EnvdFilesystem.streams(method))) {
            throw EnvdProcesses.unimplemented(method);
        }
        ConnectFraming.Envelope first = framing.read(in);
        JsonNode request = first == null ? mapper.createObjectNode() : framing.json(first.payload());
        Duration deadline = deadline(exchange.header("Connect-Timeout-Ms"));
        exchange.status(200);
        exchange.header("Content-Type", CONNECT_JSON);
        ConnectStream stream = new ConnectStream(framing, exchange.output());
        try {
            switch (method) {
                case "Start" -> processes.start(caller, sandbox, request, basicUser(exchange), deadline, stream);
                case "Connect" -> processes.connect(caller, sandbox, request, deadline, stream);
                default -> filesystem.watchDir(caller, sandbox, request, deadline, stream);
            }
        } catch (RuntimeException failed) {
            stream.end(E2bErrors.data(failed));
        }
    }

    private List<JsonNode> envelopes(InputStream in) throws IOException {
        List<JsonNode> messages = new ArrayList<>();
        ConnectFraming.Envelope envelope;
        while ((envelope = framing.read(in)) != null && !envelope.endOfStream()) {
            if (messages.size() >= 10_000) {
                throw new E2bError(429, ConnectCode.RESOURCE_EXHAUSTED, "A StreamInput call is limited to 10000"
                        + " messages.");
            }
            messages.add(framing.json(envelope.payload()));
        }
        return messages;
    }

    private void unaryError(E2bExchange exchange, E2bError error) throws IOException {
        exchange.status(error.code().httpStatus());
        exchange.header("Content-Type", "application/json");
        exchange.output().write(mapper.writeValueAsBytes(framing.errorBody(error)));
    }

    /** envd's user: {@code Authorization: Basic base64(user:)}, sent by E2B's SDKs only when a user was named. */
    private static String basicUser(E2bExchange exchange) {
        String header = exchange.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                    StandardCharsets.UTF_8);
            String user = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
            return user.isBlank() ? null : user;
        } catch (IllegalArgumentException malformed) {
            throw E2bError.unauthenticated("The Authorization header is not valid Basic credentials.");
        }
    }

    static Duration deadline(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long millis = Long.parseLong(header.strip());
            return millis > 0 ? Duration.ofMillis(millis) : null;
        } catch (NumberFormatException malformed) {
            throw E2bError.invalid("Connect-Timeout-Ms must be a whole number of milliseconds.");
        }
    }

    @Override
    public void close() {
        filesystem.closeAll();
    }
}
