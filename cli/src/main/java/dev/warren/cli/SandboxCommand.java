package dev.warren.cli;

import dev.warren.client.SandboxFilter;
import dev.warren.client.SandboxOptions;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * {@code warren sandbox}: sandboxes for agents — create (started, with a timeout), list by metadata, inspect, run
 * commands, move files in and out, get port URLs, extend, kill. A sandbox is a space, so every {@code warren space}
 * command takes its id too.
 */
@Command(name = "sandbox", description = "Create, list, use and kill sandboxes (spaces for agents with a timeout).",
        subcommands = {SandboxCommand.Create.class, SandboxCommand.ListSandboxes.class, SandboxCommand.Info.class,
                SpaceProcessCommands.Exec.class, SandboxCommand.Timeout.class, SandboxCommand.Pause.class,
                SandboxCommand.Resume.class, SandboxCommand.Connect.class, SandboxCommand.Kill.class,
                SandboxForkCommands.Fork.class, SandboxForkCommands.Snapshot.class, TransferCommands.Upload.class,
                SpaceFileCommands.Download.class, SpaceFileCommands.FilesGroup.class, SpaceUrlCommand.class})
final class SandboxCommand {
    private SandboxCommand() {}

    @Command(name = "create", description = "Create and start a sandbox; prints its id.")
    static final class Create extends Base {
        @Option(names = {"-t", "--template"}, paramLabel = "TEMPLATE", description = "Template name or id (default: base).")
        String template;
        @Option(names = "--name", paramLabel = "NAME", description = "A name (default: generated).")
        String name;
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Seconds of life (default: the server's, 300).")
        Long timeout;
        @Option(names = {"-m", "--metadata"}, paramLabel = "KEY=VALUE", description = "A label to list it by (repeatable).")
        Map<String, String> metadata = new LinkedHashMap<>();
        @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "An environment variable (repeatable).")
        Map<String, String> env = new LinkedHashMap<>();
        @Option(names = "--public", description = "Every port URL of the sandbox is public (no credentials needed).")
        boolean open;
        @Option(names = "--on-timeout", paramLabel = "ACTION", description = "kill (default) or pause.")
        String onTimeout;
        @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Act after this long unused.")
        Long idleTimeout;
        @Option(names = "--auto-resume", description = "Traffic to a port URL resumes it when paused.")
        boolean autoResume;
        @Option(names = "--snapshot", paramLabel = "SNAPSHOT", description = "Make it from your snapshot (id or name):"
                + " its files, volumes and template; processes start afresh.")
        String snapshot;

        @Override
        public Integer call() {
            SandboxOptions options = SandboxOptions.defaults().withTemplate(template).withName(name)
                    .withMetadata(metadata).withTimeout(timeout == null ? null : Duration.ofSeconds(timeout));
            for (Map.Entry<String, String> variable : env.entrySet()) {
                options = options.withEnv(variable.getKey(), variable.getValue());
            }
            if (open) {
                options = options.withSecure(false);
            }
            options = options.withOnTimeout(onTimeout).withAutoResume(autoResume)
                    .withIdleTimeout(idleTimeout == null ? null : Duration.ofSeconds(idleTimeout))
                    .withSnapshot(snapshot);
            SandboxInfo info = warren().sandboxes().create(options);
            return print(info, () -> out().println(info.id()));
        }
    }

    @Command(name = "ls", aliases = "list", description = "List your sandboxes, oldest first.")
    static final class ListSandboxes extends Base {
        @Option(names = {"-m", "--metadata"}, paramLabel = "KEY=VALUE", description = "Only those with this label (repeatable).")
        Map<String, String> metadata = new LinkedHashMap<>();
        @Option(names = "--state", paramLabel = "STATE", description = "Only those in this state (running, stopped, …; repeatable).")
        List<String> states = new ArrayList<>();
        @Option(names = "--all", description = "Admins: every user's sandboxes.")
        boolean all;

        @Override
        public Integer call() {
            SandboxFilter filter = SandboxFilter.any();
            for (Map.Entry<String, String> label : metadata.entrySet()) {
                filter = filter.withMetadata(label.getKey(), label.getValue());
            }
            for (String state : states) {
                filter = filter.withState(state);
            }
            if (all) {
                filter = filter.everybodys();
            }
            List<SandboxInfo> sandboxes = StreamSupport.stream(warren().sandboxes().list(filter).spliterator(), false)
                    .toList();
            Instant now = Instant.now();
            return print(sandboxes, () -> Output.table(out(), List.of("ID", "NAME", "STATE", "TEMPLATE", "ENDS IN",
                    "METADATA"), sandboxes.stream().map(s -> Output.row(s.id(), s.name(), s.state(), s.templateName(),
                    remaining(now, s.endAt()), labels(s.metadata()))).toList()));
        }
    }

    @Command(name = "info", description = "Show a sandbox (never starts or wakes it).")
    static final class Info extends Base {
        @Parameters(paramLabel = "SANDBOX", description = "Id or name.")
        String sandbox;

        @Override
        public Integer call() {
            SandboxInfo info = warren().sandboxes().get(sandbox);
            return print(info, () -> describe(info));
        }

        private void describe(SandboxInfo info) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", info.id());
            fields.put("name", info.name());
            fields.put("state", info.state());
            fields.put("template", info.templateName());
            fields.put("owner", info.username());
            fields.put("created", info.createdAt());
            fields.put("ends", info.endAt() + " (in " + remaining(Instant.now(), info.endAt()) + ")");
            fields.put("on timeout", info.onTimeout());
            fields.put("metadata", labels(info.metadata()));
            fields.put("env vars", String.join(", ", info.envVarNames()));
            fields.put("port URLs", info.portUrl().isBlank() ? "off"
                    : info.portUrl() + (info.secure() ? " (private)" : " (public)"));
            Output.fields(out(), fields);
        }
    }

    @Command(name = "timeout", description = "Give a sandbox a new life span from now.")
    static final class Timeout extends Base {
        @Parameters(index = "0", paramLabel = "SANDBOX", description = "Id or name.")
        String sandbox;
        @Parameters(index = "1", paramLabel = "SECONDS", description = "Seconds of life from now.")
        long seconds;

        @Override
        public Integer call() {
            SandboxInfo info = warren().sandboxes().setTimeout(sandbox, Duration.ofSeconds(seconds));
            return done(info, "Sandbox " + info.name() + " now ends at " + info.endAt() + ".");
        }
    }

    @Command(name = "pause", description = "Freeze a sandbox with its memory (no CPU).")
    static final class Pause extends Base {
        @Parameters(paramLabel = "SANDBOX", description = "Id or name.")
        String sandbox;

        @Override
        public Integer call() {
            SandboxInfo info = warren().sandboxes().pause(sandbox);
            return done(info, "Sandbox " + info.name() + " is " + info.state() + ".");
        }
    }

    @Command(name = "resume", description = "Thaw a paused sandbox; its life span starts again.")
    static final class Resume extends Base {
        @Parameters(paramLabel = "SANDBOX", description = "Id or name.")
        String sandbox;

        @Override
        public Integer call() {
            SandboxInfo info = warren().sandboxes().resume(sandbox);
            return done(info, "Sandbox " + info.name() + " is " + info.state() + ", until " + info.endAt() + ".");
        }
    }

    @Command(name = "connect", description = "Make sure a sandbox runs (resuming or starting it).")
    static final class Connect extends Base {
        @Parameters(paramLabel = "SANDBOX", description = "Id or name.")
        String sandbox;
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Also set a new life span from now.")
        Long timeout;

        @Override
        public Integer call() {
            SandboxInfo info = warren().sandboxes().connect(sandbox,
                    timeout == null ? null : Duration.ofSeconds(timeout));
            return done(info, "Sandbox " + info.name() + " is " + info.state() + ".");
        }
    }

    @Command(name = "kill", description = "Stop and delete sandboxes with everything in them.")
    static final class Kill extends Base {
        @Parameters(arity = "1..*", paramLabel = "SANDBOX", description = "Ids or names.")
        List<String> sandboxes = new ArrayList<>();

        @Override
        public Integer call() {
            for (String sandbox : sandboxes) {
                warren().sandboxes().kill(sandbox);
                if (!json()) {
                    out().println("Killed " + sandbox + ".");
                }
            }
            return print(Map.of("killed", sandboxes), () -> out().flush());
        }
    }

    static String remaining(Instant now, String endAt) {
        Duration left = Duration.between(now, Instant.parse(endAt));
        if (left.isNegative()) {
            return "0s";
        }
        long seconds = left.toSeconds();
        return seconds >= 3600 ? seconds / 3600 + "h" + (seconds % 3600) / 60 + "m"
                : seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }

    static String labels(Map<String, String> metadata) {
        return String.join(",", new java.util.TreeMap<>(metadata).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).toList());
    }
}
