package dev.warren.cli;

import dev.warren.client.wire.Scripts.ScriptInfo;
import dev.warren.client.wire.Scripts.ScriptRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code warren script list|get|create|edit|delete|run}. */
@Command(name = "script", description = "Manage stored scripts and run them in spaces.",
        subcommands = {ScriptCommand.ListScripts.class, ScriptCommand.Get.class, ScriptCommand.Create.class,
                ScriptCommand.Edit.class, ScriptCommand.Delete.class, ScriptCommand.RunScript.class})
final class ScriptCommand {
    private ScriptCommand() {}

    @Command(name = "list", description = "List your scripts.")
    static final class ListScripts extends Base {
        @Override
        public Integer call() {
            List<ScriptInfo> scripts = warren().scripts().list();
            return print(scripts, () -> Output.table(out(), List.of("NAME", "UPDATED", "DESCRIPTION"), scripts.stream()
                    .map(s -> Output.row(s.name(), s.updatedAt(), s.description())).toList()));
        }
    }

    @Command(name = "get", description = "Print a script's content (--json: all its fields).")
    static final class Get extends Base {
        @Parameters(paramLabel = "SCRIPT", description = "Name or id.")
        String script;

        @Override
        public Integer call() {
            ScriptInfo info = warren().scripts().get(script);
            return print(info, () -> out().print(info.content()));
        }
    }

    @Command(name = "create", description = "Create a script from a file (default: standard input).")
    static final class Create extends Base {
        @Parameters(paramLabel = "NAME", description = "The script's name.")
        String name;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The content ('-' or absent: stdin).")
        Path file;
        @Option(names = {"-d", "--description"}, defaultValue = "", description = "A description.")
        String description;

        @Override
        public Integer call() {
            ScriptInfo info = warren().scripts().create(new ScriptRequest(name, description,
                    TemplateCommand.readSpec(this, file == null ? Path.of("-") : file)));
            return done(info, "Script " + info.name() + " is created (" + info.id() + ").");
        }
    }

    @Command(name = "edit", description = "Change a script; options not given keep their values.")
    static final class Edit extends Base {
        @Parameters(paramLabel = "SCRIPT", description = "Name or id.")
        String script;
        @Option(names = "--name", description = "New name.")
        String name;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "New content ('-' for stdin).")
        Path file;
        @Option(names = {"-d", "--description"}, description = "New description.")
        String description;

        @Override
        public Integer call() {
            ScriptInfo current = warren().scripts().get(script);
            ScriptInfo info = warren().scripts().update(script, new ScriptRequest(
                    name == null ? current.name() : name,
                    description == null ? current.description() : description,
                    file == null ? current.content() : TemplateCommand.readSpec(this, file)));
            return done(info, "Script " + info.name() + " is updated.");
        }
    }

    @Command(name = "delete", description = "Delete a script.")
    static final class Delete extends Base {
        @Parameters(paramLabel = "SCRIPT", description = "Name or id.")
        String script;

        @Override
        public Integer call() {
            warren().scripts().delete(script);
            return done(Map.of("deleted", script), "Script " + script + " is deleted.");
        }
    }

    @Command(name = "run", description = "Run a script in a space (same as 'space script'); exits with its exit code.")
    static final class RunScript extends Base {
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill the script after this many seconds.")
        Integer timeout;
        @Parameters(index = "0", paramLabel = "SCRIPT", description = "Name or id.")
        String script;
        @Parameters(index = "1", paramLabel = "SPACE", description = "The space to run it in.")
        String space;
        @Parameters(index = "2..*", arity = "0..*", paramLabel = "ARG", description = "Arguments for the script.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return SpaceIoCommands.finish(this, warren().runScript(space, script, args,
                    timeout == null ? null : Duration.ofSeconds(timeout)));
        }
    }
}
