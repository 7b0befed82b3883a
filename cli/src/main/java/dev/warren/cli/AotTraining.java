package dev.warren.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training run of the CLI bundle's AOT cache ({@code scripts/space-cli.sh}, ADR 0008): runs representative
 * commands in this one JVM, so the cache records the classes, linkage and profiles they use. The commands talk to a
 * canned HTTP server on a loopback port of this process (the real HTTP client, JSON reading and output paths, no
 * warren server needed at build time). The answers are plain JSON, read as leniently as from a newer server, so a
 * wire record that gains a field does not break the training. Not part of the {@code warren} command itself.
 *
 * <p>Prints one line per command to standard error and exits 1 when a command that should succeed did not (the cache
 * then covers less; the build says so).
 */
public final class AotTraining {
    private static final String USER = """
            {"id":"u1","username":"alice","email":"alice@example.com","roles":["user"],"active":true,\
            "preferred_shell":"bash","timezone":"UTC","created_at":"2026-01-01T00:00:00Z"}""";
    private static final String SPACE = """
            {"id":"sp-1","name":"web","description":"My dev environment","template_id":"t1","template_name":"base",\
            "user_id":"u1","username":"alice","shares":[],"depends_on":[],"shell":"bash","platform":"linux/amd64",\
            "zone":"default","is_running":true,"is_pending":false,"is_deleting":false,"node_hostname":"h",\
            "created_at":"2026-01-01T00:00:00Z","alt_names":[],"icon_url":"","custom_fields":[],\
            "startup_script_id":"","stack":"","update_available":false,"state":"running","ports":[],"healthy":true,\
            "health_detail":""}""";
    private static final String SANDBOX = """
            {"id":"sb-1","name":"sandbox-1","template_id":"t1","template_name":"base","user_id":"u1",\
            "username":"alice","state":"running","metadata":{"job":"1"},"env_var_names":[],"on_timeout":"kill",\
            "auto_resume":false,"secure":false,"created_at":"2026-01-01T00:00:00Z","end_at":"2026-01-01T00:05:00Z",\
            "port_url":"","timeout":300,"idle_timeout":0}""";
    private static final String NOT_FOUND = """
            {"error":"The space nope was not found.","detail":"","validations":[],"correlation_id":null}""";

    /** Arguments of each command run, and whether it should exit 0. */
    private record Run(List<String> args, boolean succeeds) {}

    /** What a user most often runs, the help and error paths included. */
    private static final List<Run> RUNS = List.of(
            new Run(List.of("--version"), true),
            new Run(List.of("--help"), true),
            new Run(List.of("whoami"), true),
            new Run(List.of("--json", "whoami"), true),
            new Run(List.of("space", "list"), true),
            new Run(List.of("space", "list", "--json"), true),
            new Run(List.of("space", "get", "web"), true),
            new Run(List.of("space", "get", "nope"), false),
            new Run(List.of("--json", "space", "get", "nope"), false),
            new Run(List.of("sandbox", "ls"), true),
            new Run(List.of("sandbox", "ls", "--json"), true),
            new Run(List.of("help", "space"), true),
            new Run(List.of("--server", "http://127.0.0.1:1", "whoami"), false));

    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        List<String> failed = train(System.err);
        if (!failed.isEmpty()) {
            System.err.println("These training commands did not end as expected: " + failed);
        }
        System.exit(failed.isEmpty() ? 0 : 1); // the HTTP clients' threads would otherwise keep the JVM up a while
    }

    /**
     * Runs the training commands against a canned server on a loopback port.
     *
     * @param log where to print one line per command
     * @return the commands that did not end as expected (empty when all did)
     */
    static List<String> train(PrintStream log) throws IOException {
        Path config = Files.createTempDirectory("warren-aot-training-");
        log.println("  entry point " + Main.class.getName()); // loaded here so that the cache holds it too
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> accept(server));
            String url = "http://127.0.0.1:" + server.getLocalPort();
            Map<String, String> env = Map.of("WARREN_SERVER", url, "WARREN_TOKEN", "training",
                    "XDG_CONFIG_HOME", config.toString(), "HOME", config.toString());
            List<String> failed = new ArrayList<>();
            for (Run run : RUNS) {
                PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
                int code = WarrenCommand.commandLine(env, new ByteArrayInputStream(new byte[0]), discard, discard,
                        run.args()).execute(run.args().toArray(String[]::new));
                log.println("  warren " + String.join(" ", run.args()) + " -> " + code);
                if (run.succeeds() != (code == ExitCodes.OK)) {
                    failed.add(String.join(" ", run.args()));
                }
            }
            return failed;
        } finally {
            Files.deleteIfExists(config); // nothing is written there by these commands
        }
    }

    private static void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofPlatform().daemon().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Answers HTTP/1.1 requests on one kept-alive connection until the client closes it. */
    private static void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            for (String requestLine; (requestLine = line(in)) != null && !requestLine.isEmpty(); ) {
                int length = 0;
                for (String header; (header = line(in)) != null && !header.isEmpty(); ) {
                    if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                in.readNBytes(length);
                String[] parts = requestLine.split(" ");
                String path = parts.length > 1 ? parts[1] : "/";
                String body = answer(path);
                int status = NOT_FOUND.equals(body) ? 404 : 200;
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found")
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            }
        } catch (IOException | RuntimeException closed) {
            // the client went away; training goes on
        }
    }

    private static String answer(String path) {
        String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return switch (route) {
            case "/api/auth/me" -> USER;
            case "/api/spaces" -> "[" + SPACE + "]";
            case "/api/spaces/web" -> SPACE;
            case "/api/sandboxes" -> "{\"sandboxes\":[" + SANDBOX + "],\"next_cursor\":null}";
            default -> NOT_FOUND;
        };
    }

    /** One CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int next; (next = in.read()) != -1; ) {
            if (next == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) next);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
