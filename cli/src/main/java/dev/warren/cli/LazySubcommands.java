package dev.warren.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which top-level subcommands one invocation needs. picocli builds the model of every registered command (reflection
 * over each command class, its options and nested commands) before it parses anything, which was most of the CLI's
 * start-up time; an invocation naming {@code space} needs only {@code space}'s. Only annotations are read here (plain
 * reflection, no picocli model). Whenever the arguments do not clearly name one command, every command is needed, so
 * help, suggestions for a misspelt command and usage errors stay exactly as they were (ADR 0008).
 */
final class LazySubcommands {
    /** Commands that read the whole command tree: help for any command, and the completion script. */
    private static final Set<Class<?>> WHOLE_TREE = Set.of(CommandLine.HelpCommand.class, CompletionCommand.class);

    private LazySubcommands() {}

    /**
     * @param all  every top-level subcommand class, in help order
     * @param args the command line about to be executed
     * @return the one class {@code args} name, or {@code all}
     */
    static List<Class<?>> needed(Class<?>[] all, List<String> args) {
        String word = commandWord(args);
        if (word != null) {
            for (Class<?> command : all) {
                Command annotation = command.getAnnotation(Command.class);
                if (annotation != null && names(annotation).contains(word)) {
                    return WHOLE_TREE.contains(command) ? List.of(all) : List.of(command);
                }
            }
        }
        return List.of(all);
    }

    /**
     * The first argument that is not a root option (or an option's value), or null when there is none or an
     * argument could mean something else: an unknown or combined option, {@code --}, or an {@code @file} picocli
     * would expand.
     */
    static String commandWord(List<String> args) {
        Set<String> takingValue = rootOptions(true);
        Set<String> flags = rootOptions(false);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("@") || arg.equals("--")) {
                return null;
            }
            if (!arg.startsWith("-")) {
                return arg;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (takingValue.contains(name)) {
                if (equals < 0) {
                    i++; // its value is the next argument
                }
            } else if (!flags.contains(arg)) {
                return null; // --help, --version or anything picocli should judge with the whole tree
            }
        }
        return null;
    }

    /** The root's own option names ({@link WarrenCommand}'s fields) that take a value, or that are flags. */
    private static Set<String> rootOptions(boolean takingValue) {
        List<String> names = new ArrayList<>();
        for (Field field : WarrenCommand.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            boolean flag = field.getType() == boolean.class || field.getType() == Boolean.class;
            if (option != null && flag != takingValue) {
                names.addAll(List.of(option.names()));
            }
        }
        return Set.copyOf(names);
    }

    private static List<String> names(Command command) {
        List<String> names = new ArrayList<>(List.of(command.aliases()));
        names.add(command.name());
        return names;
    }
}
