package dev.warren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.core.ForbiddenException;
import dev.warren.core.UnauthenticatedException;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.ProcessEvent;
import dev.warren.server.auth.Caller;
import dev.warren.server.http.Authenticator;
import dev.warren.server.spaces.SpaceService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The web terminal: {@value #PATH}{@code ?cols=&rows=} joins a browser's xterm.js to the space's shell.
 * The upgrade needs a session (or bearer token) and, for a session, an {@code Origin} equal to the {@code Host}.
 * Server to browser: binary frames of terminal output. Browser to server: text frames of JSON,
 * {@code {"type":"input","data":"..."}} or {@code {"type":"resize","cols":80,"rows":24}}. When the shell exits the
 * socket closes (1000, the exit code in the reason); when the socket closes the shell is killed. Thread-safe.
 */
final class TerminalSocket {
    static final String PATH = "/ws/spaces/{space}/terminal";
    private static final String CALLER = "warren.terminal.caller";
    private static final int POLICY_VIOLATION = 1008;
    private static final int OPEN_FAILED = 4000;
    private static final Logger LOG = LoggerFactory.getLogger(TerminalSocket.class);

    private final SpaceService spaces;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final Map<String, AgentProcess> open = new ConcurrentHashMap<>();

    TerminalSocket(SpaceService spaces, Authenticator authenticator, ObjectMapper mapper) {
        this.spaces = spaces;
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, this::beforeUpgrade);
        routes.ws(PATH, ws -> {
            ws.onConnect(this::connect);
            ws.onMessage(this::message);
            ws.onClose(this::closed);
            ws.onError(this::failed);
        });
    }

    private void beforeUpgrade(Context ctx) {
        Caller caller = authenticator.resolve(ctx)
                .orElseThrow(() -> new UnauthenticatedException("Log in to open a terminal."));
        if (caller.csrfToken() != null && !SameOrigin.matches(ctx.header("Origin"), ctx.header("Host"))) {
            throw new ForbiddenException("The terminal may only be opened from this server's own pages.");
        }
        ctx.attribute(CALLER, caller);
    }

    private void connect(WsConnectContext ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            ctx.closeSession(POLICY_VIOLATION, "Log in to open a terminal.");
            return;
        }
        AgentProcess shell;
        try {
            shell = spaces.openTerminal(caller, ctx.pathParam("space"), size(ctx, "cols", 80), size(ctx, "rows", 24));
        } catch (RuntimeException refused) {
            ctx.closeSession(OPEN_FAILED, reason(refused.getMessage()));
            return;
        }
        open.put(ctx.sessionId(), shell);
        ctx.enableAutomaticPings(20, TimeUnit.SECONDS);
        Thread.ofVirtual().name("terminal-" + ctx.sessionId()).start(() -> pump(ctx, shell));
    }

    /** Copies the shell's output to the browser until the shell ends, then closes the socket. */
    private void pump(WsContext ctx, AgentProcess shell) {
        Integer code = null;
        String why = null;
        try {
            ProcessEvent event;
            while ((event = shell.next()) != null) {
                if (event instanceof ProcessEvent.Output output) {
                    ctx.send(ByteBuffer.wrap(output.data()));
                } else if (event instanceof ProcessEvent.Exit exit) {
                    code = exit.signal() != 0 ? 128 + exit.signal() : exit.exitCode();
                    break;
                }
            }
        } catch (IOException | RuntimeException ended) {
            LOG.debug("Terminal output of session {} ended: {}", ctx.sessionId(), ended.toString());
            why = ended.getMessage(); // e.g. the caller's access to the space was removed
        }
        if (open.remove(ctx.sessionId()) != null) {
            shell.close();
            ctx.closeSession(1000, code != null ? "The shell exited with code " + code + "."
                    : why != null ? reason(why) : "The shell ended.");
        }
    }

    private void message(WsMessageContext ctx) {
        AgentProcess shell = open.get(ctx.sessionId());
        if (shell == null) {
            return;
        }
        try {
            JsonNode message = mapper.readTree(ctx.message());
            switch (message.path("type").asText()) {
                case "input" -> shell.writeStdin(message.path("data").asText().getBytes(StandardCharsets.UTF_8));
                case "resize" -> shell.resize(clamp(message.path("cols").asInt(80)), clamp(message.path("rows").asInt(24)));
                default -> { } // unknown messages are ignored so older pages keep working
            }
        } catch (IOException | RuntimeException broken) {
            LOG.debug("Terminal session {} could not take a message: {}", ctx.sessionId(), broken.toString());
            end(ctx.sessionId());
            ctx.closeSession(1011, "The terminal stopped accepting input.");
        }
    }

    private void closed(WsCloseContext ctx) {
        end(ctx.sessionId());
    }

    private void failed(WsErrorContext ctx) {
        end(ctx.sessionId());
    }

    private void end(String sessionId) {
        AgentProcess shell = open.remove(sessionId);
        if (shell != null) {
            shell.close();
        }
    }

    private static int size(WsContext ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        try {
            return value == null ? fallback : clamp(Integer.parseInt(value));
        } catch (NumberFormatException invalid) {
            return fallback;
        }
    }

    private static int clamp(int value) {
        return Math.max(1, Math.min(value, 1000));
    }

    /** A WebSocket close reason is at most 123 bytes. */
    private static String reason(String message) {
        String text = message == null ? "The terminal could not be opened." : message;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 120 ? text : new String(bytes, 0, 117, StandardCharsets.UTF_8) + "...";
    }
}
