package dev.warren.cli;

import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Snapshots.ForkResult;
import dev.warren.client.wire.Snapshots.SnapshotInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;

/**
 * {@code warren sandbox fork} and {@code warren sandbox snapshot}: copies of a running or paused sandbox's files and
 * volumes, which keep running. Memory is not carried: processes in a fork start afresh.
 */
final class SandboxForkCommands {
    private SandboxForkCommands() {}

    @Command(name = "fork", description = "Make N running copies of a sandbox as it is now (files and volumes;"
            + " memory is not carried); prints their ids.")
    static final class Fork extends Base {
        @Parameters(paramLabel = "SANDBOX", description = "Id or name.")
        String sandbox;
        @Option(names = {"-n", "--count"}, paramLabel = "N", description = "How many (default 1; at most the"
                + " server's WARREN_FORK_MAX, 10).")
        int n = 1;
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "The forks' life (default: the parent's).")
        Long timeout;

        @Override
        public Integer call() {
            ForkResult result = warren().snapshots().fork(sandbox, n,
                    timeout == null ? null : Duration.ofSeconds(timeout), null);
            return print(result, () -> result.sandboxes().stream().map(SandboxInfo::id).forEach(out()::println));
        }
    }

    @Command(name = "snapshot", description = "Take a named snapshot of a sandbox without stopping it (files and"
            + " volumes; memory is not carried).")
    static final class Snapshot extends Base {
        @Parameters(index = "0", paramLabel = "SANDBOX", description = "Id or name.")
        String sandbox;
        @Parameters(index = "1", paramLabel = "NAME", description = "The snapshot's name (lowercase, digits, dashes).")
        String name;

        @Override
        public Integer call() {
            SnapshotInfo info = warren().snapshots().create(sandbox, name);
            return done(info, "Snapshot " + info.name() + " (" + info.id() + ") taken of " + sandbox + "; make a"
                    + " sandbox from it with: warren sandbox create --snapshot " + info.name());
        }
    }

    static List<String> row(SnapshotInfo info) {
        return Output.row(info.id(), info.name(), info.state(), info.templateName(), info.createdAt(),
                info.sandboxes());
    }
}
