package dev.warren.cli;

import dev.warren.client.wire.Spaces.StackAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code warren stack start|stop|restart <stack>}. */
@Command(name = "stack", description = "Start, stop or restart every space of a stack.",
        subcommands = {StackCommand.Start.class, StackCommand.Stop.class, StackCommand.Restart.class})
final class StackCommand {
    private StackCommand() {}

    abstract static class Action extends Base {
        @Parameters(paramLabel = "STACK", description = "The stack name.")
        String stack;

        abstract StackAction act();

        abstract String verb();

        @Override
        public Integer call() {
            StackAction result = act();
            return done(result, verb() + " " + result.spaces().size() + " space(s) of stack " + result.stack()
                    + (result.spaces().isEmpty() ? "." : ": " + String.join(", ", result.spaces()) + "."));
        }
    }

    @Command(name = "start", description = "Start every space of the stack, dependencies first.")
    static final class Start extends Action {
        StackAction act() {
            return warren().stacks().start(stack);
        }

        String verb() {
            return "Started";
        }
    }

    @Command(name = "stop", description = "Stop every space of the stack, dependants first.")
    static final class Stop extends Action {
        StackAction act() {
            return warren().stacks().stop(stack);
        }

        String verb() {
            return "Stopped";
        }
    }

    @Command(name = "restart", description = "Restart every space of the stack.")
    static final class Restart extends Action {
        StackAction act() {
            return warren().stacks().restart(stack);
        }

        String verb() {
            return "Restarted";
        }
    }
}
