package dev.warren.cli;

import dev.warren.client.wire.Spaces.SpaceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code warren space share|unshare|transfer|describe|deps|stack|field}: ownership and properties. */
final class SpaceDetailCommands {
    private SpaceDetailCommands() {}

    @Command(name = "share", description = "Share a space with users (ids, usernames or emails).")
    static final class Share extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "USER", description = "Users to share with.")
        List<String> users;

        @Override
        public Integer call() {
            SpaceInfo info = warren().share(space, users);
            return done(info, "Space " + info.name() + " is shared with " + String.join(", ", users) + ".");
        }
    }

    @Command(name = "unshare", description = "Remove a share; without USER, owners stop all sharing and recipients leave.")
    static final class Unshare extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", arity = "0..1", paramLabel = "USER", description = "The user to remove.")
        String user;

        @Override
        public Integer call() {
            warren().unshare(space, user);
            return done(Map.of("space", space, "unshared", user == null ? "all" : user),
                    user == null ? "Sharing of " + space + " is removed." : space + " is no longer shared with " + user + ".");
        }
    }

    @Command(name = "transfer", description = "Give a stopped space to another user.")
    static final class Transfer extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "USER", description = "The new owner (id, username or email).")
        String user;

        @Override
        public Integer call() {
            SpaceInfo info = warren().transfer(space, user);
            return done(info, "Space " + info.name() + " now belongs to " + info.username() + ".");
        }
    }

    @Command(name = "describe", description = "Print a space's description, or set it when TEXT is given.")
    static final class Describe extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT", description = "The new description.")
        String text;

        @Override
        public Integer call() {
            String description = text == null ? warren().getDescription(space) : warren().setDescription(space, text);
            return print(Map.of("description", description), () -> out().println(description));
        }
    }

    @Command(name = "deps", description = "Print a space's dependencies (ids), or set them when SPACE... are given.")
    static final class Deps extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "DEPENDENCY", description = "Spaces to start first.")
        List<String> dependencies = new ArrayList<>();
        @Option(names = "--clear", description = "Remove all dependencies.")
        boolean clear;

        @Override
        public Integer call() {
            if (clear && !dependencies.isEmpty()) {
                throw new ExitCodes.UsageException("Give either --clear or dependencies, not both.");
            }
            List<String> ids = clear || !dependencies.isEmpty()
                    ? warren().setDependencies(space, dependencies) : warren().getDependencies(space);
            return print(Map.of("depends_on", ids), () -> ids.forEach(out()::println));
        }
    }

    @Command(name = "stack", description = "Print a space's stack, or set it when STACK is given.")
    static final class StackName extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", arity = "0..1", paramLabel = "STACK", description = "The new stack name.")
        String stack;
        @Option(names = "--unset", description = "Remove the space from its stack.")
        boolean unset;

        @Override
        public Integer call() {
            String value = unset ? warren().setStack(space, "")
                    : stack == null ? warren().getStack(space) : warren().setStack(space, stack);
            return print(Map.of("stack", value), () -> out().println(value));
        }
    }

    @Command(name = "field", description = "Print a custom field of a space, or set it when VALUE is given.")
    static final class Field extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "FIELD", description = "A custom field of the space's template.")
        String field;
        @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "The new value.")
        String value;

        @Override
        public Integer call() {
            String result = value == null ? warren().getField(space, field) : warren().setField(space, field, value);
            return print(Map.of("name", field, "value", result), () -> out().println(result));
        }
    }
}
