package dev.warren.cli;

import dev.warren.client.CreateOptions;
import dev.warren.client.wire.Spaces.SpaceInfo;
import dev.warren.client.wire.Spaces.UpdateSpaceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code warren space …}: the knot.space table on the command line. Lifecycle commands live here. */
@Command(name = "space", description = "Create, inspect, start, stop and edit spaces; run and follow processes; read and write files.",
        subcommands = {SpaceCommand.Create.class, SpaceCommand.ListSpaces.class, SpaceCommand.Get.class,
                SpaceCommand.Start.class, SpaceCommand.Stop.class, SpaceCommand.Pause.class,
                SpaceCommand.Resume.class, SpaceCommand.Restart.class,
                SpaceCommand.Delete.class, SpaceCommand.Edit.class, SpaceDetailCommands.Share.class,
                SpaceDetailCommands.Unshare.class, SpaceDetailCommands.Transfer.class,
                SpaceDetailCommands.Describe.class, SpaceDetailCommands.Deps.class, SpaceDetailCommands.StackName.class,
                SpaceDetailCommands.Field.class, SpaceIoCommands.Run.class, SpaceIoCommands.Script.class,
                SpaceProcessCommands.Exec.class, SpaceProcessCommands.Ps.class, SpaceProcessCommands.Attach.class,
                SpaceProcessCommands.Kill.class, SpaceIoCommands.Cat.class, SpaceIoCommands.Write.class,
                SpaceFileCommands.FilesGroup.class, SpaceFileCommands.Download.class, TransferCommands.Upload.class,
                SpaceUrlCommand.class})
final class SpaceCommand {
    private SpaceCommand() {}

    static void describe(java.io.PrintWriter out, SpaceInfo space) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", space.id());
        fields.put("name", space.name());
        fields.put("state", space.state());
        fields.put("description", space.description());
        fields.put("template", space.templateName());
        fields.put("owner", space.username());
        fields.put("shell", space.shell());
        fields.put("stack", space.stack());
        fields.put("depends on", space.dependsOn());
        fields.put("shares", space.shares());
        fields.put("zone", space.zone());
        fields.put("platform", space.platform());
        fields.put("node", space.nodeHostname());
        fields.put("alt names", space.altNames());
        fields.put("update available", space.updateAvailable());
        fields.put("created", space.createdAt());
        if (space.customFields() != null) {
            space.customFields().forEach(f -> fields.put("field " + f.name(), f.value()));
        }
        if (space.ports() != null && !space.ports().isEmpty()) {
            fields.put("ports", space.ports().stream().map(p -> p.name() + "=" + p.port()).toList());
        }
        Output.fields(out, fields);
    }

    @Command(name = "create", description = "Create a space from a template (stopped unless --start); prints its id.")
    static final class Create extends Base {
        @Parameters(index = "0", paramLabel = "NAME", description = "The new space's name.")
        String name;
        @Option(names = {"-t", "--template"}, required = true, paramLabel = "TEMPLATE", description = "Template name or id.")
        String template;
        @Option(names = {"-d", "--description"}, description = "A description.")
        String description;
        @Option(names = "--shell", defaultValue = "bash", description = "Default shell: bash, zsh, fish or sh (default: ${DEFAULT-VALUE}).")
        String shell;
        @Option(names = "--depends-on", split = ",", paramLabel = "SPACE", description = "Spaces to start first (names or ids).")
        List<String> dependsOn = new ArrayList<>();
        @Option(names = "--stack", description = "Stack to group the space under.")
        String stack;
        @Option(names = "--icon-url", description = "Icon URL.")
        String iconUrl;
        @Option(names = "--alt-name", paramLabel = "NAME", description = "Additional name (repeatable).")
        List<String> altNames = new ArrayList<>();
        @Option(names = "--field", paramLabel = "NAME=VALUE", description = "Custom field value (repeatable).")
        Map<String, String> fields = new LinkedHashMap<>();
        @Option(names = "--start", description = "Start the space once created.")
        boolean start;
        @Option(names = "--for-user", paramLabel = "USER", description = "Admins: create it for this user.")
        String forUser;

        @Override
        public Integer call() {
            CreateOptions options = CreateOptions.defaults().withDescription(description).withShell(shell)
                    .withDependsOn(dependsOn).withStack(stack).withIconUrl(iconUrl).withAltNames(altNames)
                    .withCustomFields(fields).withStartOnCreate(start).withForUser(forUser);
            SpaceInfo created = warren().createSpace(new dev.warren.client.wire.Spaces.CreateSpaceRequest(name,
                    template, options.description(), options.shell(), options.dependsOn(), options.stack(),
                    options.iconUrl(), options.altNames(), options.customFields(), options.startOnCreate(),
                    options.forUser()));
            return print(created, () -> out().println(created.id()));
        }
    }

    @Command(name = "list", description = "List your spaces and those shared with you (--all: every user's, admins).")
    static final class ListSpaces extends Base {
        @Option(names = "--all", description = "Admins: list every user's spaces.")
        boolean all;

        @Override
        public Integer call() {
            List<SpaceInfo> spaces = all ? warren().listAll() : warren().list();
            return print(spaces, () -> Output.table(out(), List.of("NAME", "STATE", "TEMPLATE", "STACK", "OWNER",
                    "DESCRIPTION"), spaces.stream().map(s -> Output.row(s.name(), s.state(), s.templateName(),
                    s.stack(), s.username(), s.description())).toList()));
        }
    }

    @Command(name = "get", description = "Show a space's details.")
    static final class Get extends Base {
        @Parameters(paramLabel = "SPACE", description = "Name or id.")
        String space;

        @Override
        public Integer call() {
            SpaceInfo info = warren().get(space);
            return print(info, () -> describe(out(), info));
        }
    }

    /** start, stop and restart: one space in, its new state out. */
    abstract static class LifecycleAction extends Base {
        @Parameters(paramLabel = "SPACE", description = "Name or id.")
        String space;

        abstract SpaceInfo apply(String space);

        @Override
        public Integer call() {
            SpaceInfo info = apply(space);
            return done(info, "Space " + info.name() + " is " + info.state() + ".");
        }
    }

    @Command(name = "start", description = "Start a space, its dependencies first.")
    static final class Start extends LifecycleAction {
        @Override
        SpaceInfo apply(String space) {
            return warren().start(space);
        }
    }

    @Command(name = "stop", description = "Stop a space (memory is lost, volumes are kept).")
    static final class Stop extends LifecycleAction {
        @Override
        SpaceInfo apply(String space) {
            return warren().stop(space);
        }
    }

    @Command(name = "pause", description = "Freeze a running space's processes with their memory (no CPU).")
    static final class Pause extends LifecycleAction {
        @Override
        SpaceInfo apply(String space) {
            return warren().pause(space);
        }
    }

    @Command(name = "resume", description = "Thaw a paused space: its processes go on where they were.")
    static final class Resume extends LifecycleAction {
        @Override
        SpaceInfo apply(String space) {
            return warren().resume(space);
        }
    }

    @Command(name = "restart", description = "Stop then start a space, applying template updates.")
    static final class Restart extends LifecycleAction {
        @Override
        SpaceInfo apply(String space) {
            return warren().restart(space);
        }
    }

    @Command(name = "delete", description = "Delete a stopped space and its volumes.")
    static final class Delete extends Base {
        @Parameters(paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Option(names = "--stop", description = "Stop the space first if it is running.")
        boolean stopFirst;

        @Override
        public Integer call() {
            if (stopFirst) {
                warren().stop(space);
            }
            warren().delete(space);
            return done(Map.of("deleted", space), "Space " + space + " is deleted.");
        }
    }

    @Command(name = "edit", description = "Change a space's name, description, icon, alternative names or shell.")
    static final class Edit extends Base {
        @Parameters(paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Option(names = "--name", description = "New name.")
        String name;
        @Option(names = {"-d", "--description"}, description = "New description.")
        String description;
        @Option(names = "--icon-url", description = "New icon URL.")
        String iconUrl;
        @Option(names = "--alt-name", paramLabel = "NAME", description = "Alternative names (replace all; repeatable).")
        List<String> altNames;
        @Option(names = "--shell", description = "New default shell.")
        String shell;

        @Override
        public Integer call() {
            SpaceInfo info = warren().update(space, new UpdateSpaceRequest(name, description, iconUrl, altNames, shell));
            return print(info, () -> describe(out(), info));
        }
    }
}
