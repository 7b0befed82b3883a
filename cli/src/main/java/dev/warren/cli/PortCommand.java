package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.client.wire.Ports.ApplyResult;
import dev.warren.client.wire.Ports.Forward;
import dev.warren.client.wire.Ports.ForwardRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code warren port forward|list|stop|apply}, with both forms of the seed, chosen by the number of arguments:
 * inside a space ({@code WARREN_SPACE_ID} set) the source is the current space; on the desktop it is named first.
 */
@Command(name = "port", description = "Forward ports between spaces.",
        subcommands = {PortCommand.ForwardPort.class, PortCommand.ListPorts.class, PortCommand.StopPort.class,
                PortCommand.Apply.class})
final class PortCommand {
    private PortCommand() {}

    /** A forward request parsed from the command line; {@code source} null means the current space. */
    record ForwardArgs(String source, int localPort, String target, int remotePort) {}

    /** A source space (null: the current one) and, for stop, a local port. */
    record SourceArgs(String source, Integer localPort) {}

    /**
     * {@code <local-port> <space> <remote-port>} (in a space) or {@code <from-space> <from-port> <to-space> <to-port>}.
     */
    static ForwardArgs parseForward(List<String> args, String currentSpaceId) {
        return switch (args.size()) {
            case 3 -> {
                requireSpace(currentSpaceId, "warren port forward <from-space> <from-port> <to-space> <to-port>");
                yield new ForwardArgs(null, port(args.get(0), "local port"), args.get(1), port(args.get(2), "remote port"));
            }
            case 4 -> new ForwardArgs(args.get(0), port(args.get(1), "from port"), args.get(2), port(args.get(3), "to port"));
            default -> throw new ExitCodes.UsageException("Expected <local-port> <space> <remote-port> inside a space, "
                    + "or <from-space> <from-port> <to-space> <to-port>; got " + args.size() + " argument(s).");
        };
    }

    /** {@code port list} (in a space) or {@code port list <space>}. */
    static SourceArgs parseList(List<String> args, String currentSpaceId) {
        return switch (args.size()) {
            case 0 -> {
                requireSpace(currentSpaceId, "warren port list <space>");
                yield new SourceArgs(null, null);
            }
            case 1 -> new SourceArgs(args.getFirst(), null);
            default -> throw new ExitCodes.UsageException("Expected no argument inside a space, or <space>; got "
                    + args.size() + " arguments.");
        };
    }

    /** {@code port stop <local-port>} (in a space) or {@code port stop <space> <local-port>}. */
    static SourceArgs parseStop(List<String> args, String currentSpaceId) {
        return switch (args.size()) {
            case 1 -> {
                requireSpace(currentSpaceId, "warren port stop <space> <local-port>");
                yield new SourceArgs(null, port(args.getFirst(), "local port"));
            }
            case 2 -> new SourceArgs(args.get(0), port(args.get(1), "local port"));
            default -> throw new ExitCodes.UsageException("Expected <local-port> inside a space, or <space> "
                    + "<local-port>; got " + args.size() + " argument(s).");
        };
    }

    private static void requireSpace(String currentSpaceId, String desktopForm) {
        if (currentSpaceId == null) {
            throw new ExitCodes.UsageException("Outside a space (WARREN_SPACE_ID is not set) name the source space: "
                    + desktopForm + ".");
        }
    }

    static int port(String text, String what) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notNumber) {
            // reported below
        }
        throw new ExitCodes.UsageException("The " + what + " must be a number from 1 to 65535, not '" + text + "'.");
    }

    static void table(Base command, List<Forward> forwards) {
        Output.table(command.out(), List.of("LOCAL PORT", "SPACE", "REMOTE PORT", "PERSISTENT"), forwards.stream()
                .map(f -> Output.row(f.localPort(), f.space(), f.remotePort(), f.persistent() ? "yes" : "no")).toList());
    }

    @Command(name = "forward", description = {"Forward a port from a space to another space.",
            "In a space:  warren port forward <local-port> <space> <remote-port> [-p] [-f]",
            "Desktop:     warren port forward <from-space> <from-port> <to-space> <to-port> [-p] [-f]"})
    static final class ForwardPort extends Base {
        @Parameters(arity = "0..*", hideParamSyntax = true, paramLabel = "<local-port> <space> <remote-port> | <from-space> <from-port> <to-space> <to-port>",
                description = "See the two forms above.")
        List<String> args = new ArrayList<>();
        @Option(names = {"-p", "--persistent"}, description = "Keep the forward across restarts (also allows a stopped source).")
        boolean persistent;
        @Option(names = {"-f", "--force"}, description = "Create the forward even if the target space is not running.")
        boolean force;

        @Override
        public Integer call() {
            ForwardArgs parsed = parseForward(args, root().currentSpaceId());
            warren().portForward(parsed.source(), parsed.localPort(), parsed.target(), parsed.remotePort(),
                    persistent, force);
            Forward forward = new Forward(parsed.localPort(), parsed.target(), parsed.remotePort(), persistent);
            return done(forward, "Forwarding port " + parsed.localPort()
                    + (parsed.source() == null ? "" : " in " + parsed.source()) + " to " + parsed.target() + ":"
                    + parsed.remotePort() + (persistent ? " (persistent)." : "."));
        }
    }

    @Command(name = "list", description = {"List the active forwards of a space.",
            "In a space: warren port list    Desktop: warren port list <space>"})
    static final class ListPorts extends Base {
        @Parameters(arity = "0..*", hideParamSyntax = true, paramLabel = "[<space>]",
                description = "The source space (not needed in a space).")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            SourceArgs parsed = parseList(args, root().currentSpaceId());
            List<Forward> forwards = warren().portList(parsed.source());
            return print(forwards, () -> table(this, forwards));
        }
    }

    @Command(name = "stop", description = {"Stop a forward.",
            "In a space: warren port stop <local-port>    Desktop: warren port stop <space> <local-port>"})
    static final class StopPort extends Base {
        @Parameters(arity = "0..*", hideParamSyntax = true, paramLabel = "[<space>] <local-port>",
                description = "See the two forms above.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            SourceArgs parsed = parseStop(args, root().currentSpaceId());
            warren().portStop(parsed.source(), parsed.localPort());
            return done(Map.of("local_port", parsed.localPort()), "Stopped the forward of port " + parsed.localPort() + ".");
        }
    }

    @Command(name = "apply", description = {"Replace all forwards of a space with those in FILE (JSON: {\"forwards\": [...]} "
            + "or a list of {local_port, space, remote_port, persistent, force}); '-' reads stdin.",
            "In a space: warren port apply FILE    Desktop: warren port apply <space> FILE"})
    static final class Apply extends Base {
        @Parameters(arity = "1..2", hideParamSyntax = true, paramLabel = "[<space>] <file>", description = "The source space and the forwards file.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            String source = args.size() == 2 ? args.getFirst() : null;
            if (source == null && root().currentSpaceId() == null) {
                throw new ExitCodes.UsageException("Outside a space name the source space: warren port apply <space> FILE.");
            }
            List<ForwardRequest> forwards = readForwards(args.getLast());
            ApplyResult result = warren().portApply(source, forwards);
            return print(result, () -> {
                out().println("Applied: " + result.applied().size() + ", stopped: " + result.stopped().size() + ".");
                result.errors().forEach(error -> err().println("error: " + error));
            });
        }

        private List<ForwardRequest> readForwards(String file) {
            try {
                String text = file.equals("-") ? readStdin() : Files.readString(Path.of(file));
                JsonNode tree = Output.JSON.readTree(text);
                JsonNode list = tree.isArray() ? tree : tree.path("forwards");
                if (!list.isArray()) {
                    throw new ExitCodes.UsageException("The file " + file + " must hold a JSON list of forwards or "
                            + "{\"forwards\": [...]}.");
                }
                return Arrays.asList(Output.JSON.treeToValue(list, ForwardRequest[].class));
            } catch (IOException error) {
                throw new UncheckedIOException("Cannot read the forwards from " + file + ": " + error.getMessage(), error);
            }
        }
    }
}
