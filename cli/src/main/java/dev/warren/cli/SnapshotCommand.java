package dev.warren.cli;

import dev.warren.client.wire.Snapshots.SnapshotInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code warren snapshot}: your snapshots (take one with {@code warren sandbox snapshot}, make a sandbox from one with
 * {@code warren sandbox create --snapshot}).
 */
@Command(name = "snapshot", description = "List and delete snapshots of sandboxes (files and volumes; no memory).",
        subcommands = {SnapshotCommand.ListSnapshots.class, SnapshotCommand.Remove.class})
final class SnapshotCommand {
    private SnapshotCommand() {}

    @Command(name = "ls", aliases = "list", description = "List your snapshots, oldest first.")
    static final class ListSnapshots extends Base {
        @Override
        public Integer call() {
            List<SnapshotInfo> snapshots = warren().snapshots().list();
            return print(snapshots, () -> Output.table(out(), List.of("ID", "NAME", "STATE", "TEMPLATE", "CREATED",
                    "SANDBOXES"), snapshots.stream().map(SandboxForkCommands::row).toList()));
        }
    }

    @Command(name = "rm", aliases = "delete", description = "Delete snapshots (their copies go once no sandbox made"
            + " from them is left).")
    static final class Remove extends Base {
        @Parameters(arity = "1..*", paramLabel = "SNAPSHOT", description = "Ids or names.")
        List<String> snapshots = new ArrayList<>();

        @Override
        public Integer call() {
            for (String snapshot : snapshots) {
                warren().snapshots().delete(snapshot);
                if (!json()) {
                    out().println("Deleted snapshot " + snapshot + ".");
                }
            }
            return print(Map.of("deleted", snapshots), () -> out().flush());
        }
    }
}
