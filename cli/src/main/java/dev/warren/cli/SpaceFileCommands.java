package dev.warren.cli;

import dev.warren.client.FilesApi;
import dev.warren.client.archive.ArchiveCounts;
import dev.warren.client.wire.Files.FileEntry;
import dev.warren.client.wire.Files.SearchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code warren space files ls|stat|mkdir|rm|mv|find} and {@code warren space download}: the file API of a running
 * space (docs/FILES.md) on the command line, {@code --json} for every one.
 */
final class SpaceFileCommands {
    private SpaceFileCommands() {}

    @Command(name = "files", description = "List, inspect, create, remove, move and find files in a running space.",
            subcommands = {Ls.class, Stat.class, Mkdir.class, Rm.class, Mv.class, Find.class})
    static final class FilesGroup {
        private FilesGroup() {}
    }

    private static List<List<String>> rows(List<FileEntry> entries) {
        return entries.stream().map(e -> Output.row(e.mode(), e.type(), e.isDirectory() ? "-" : String.valueOf(e.size()),
                e.modifiedAt(), e.path() + (e.isSymlink() ? " -> " + e.symlinkTarget() : ""))).toList();
    }

    private static void table(Base command, List<FileEntry> entries) {
        Output.table(command.out(), List.of("MODE", "TYPE", "SIZE", "MODIFIED", "PATH"), rows(entries));
    }

    @Command(name = "ls", description = "List a directory (--depth levels down, 1..10).")
    static final class Ls extends Base {
        @Option(names = {"-d", "--depth"}, defaultValue = "1", paramLabel = "N", description = "Levels (default 1).")
        int depth;
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "PATH", description = "Absolute path of a directory in the space.")
        String path;

        @Override
        public Integer call() {
            List<FileEntry> entries = warren().files(space).list(path, depth);
            return print(entries, () -> table(this, entries));
        }
    }

    @Command(name = "stat", description = "Show one entry (links are not followed).")
    static final class Stat extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "PATH", description = "Absolute path in the space.")
        String path;

        @Override
        public Integer call() {
            FileEntry entry = warren().files(space).stat(path);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("path", entry.path());
            fields.put("type", entry.type());
            fields.put("size", entry.size());
            fields.put("mode", entry.mode());
            fields.put("modified", entry.modifiedAt());
            if (entry.isSymlink()) {
                fields.put("target", entry.symlinkTarget());
            }
            return print(entry, () -> Output.fields(out(), fields));
        }
    }

    @Command(name = "mkdir", description = "Create a directory with its missing parents.")
    static final class Mkdir extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "PATH", description = "Absolute path in the space.")
        String path;

        @Override
        public Integer call() {
            boolean created = warren().files(space).makeDir(path);
            return done(Map.of("path", path, "created", created),
                    created ? "Created " + path + "." : path + " already exists.");
        }
    }

    @Command(name = "rm", description = "Remove a file, a link or a directory with everything in it.")
    static final class Rm extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Absolute paths in the space.")
        List<String> paths;

        @Override
        public Integer call() {
            FilesApi files = warren().files(space);
            paths.forEach(files::remove);
            return done(Map.of("removed", paths), "Removed " + String.join(", ", paths) + ".");
        }
    }

    @Command(name = "mv", description = "Move FROM to TO (replacing a file there).")
    static final class Mv extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "FROM", description = "Absolute path in the space.")
        String from;
        @Parameters(index = "2", paramLabel = "TO", description = "Absolute path in the space.")
        String to;

        @Override
        public Integer call() {
            FileEntry moved = warren().files(space).rename(from, to);
            return done(moved, "Moved " + from + " to " + moved.path() + ".");
        }
    }

    @Command(name = "find", description = "Entries under PATH whose relative path matches GLOB (**, *, ?, [...]).")
    static final class Find extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "PATH", description = "Absolute path of a directory in the space.")
        String path;
        @Parameters(index = "2", paramLabel = "GLOB", description = "Such as '**/*.java' (quote it).")
        String glob;

        @Override
        public Integer call() {
            SearchResult found = warren().files(space).search(path, glob);
            return print(found, () -> {
                found.entries().forEach(entry -> out().println(entry.path()));
                if (found.truncated()) {
                    err().println("warren: more entries matched; only the first " + found.entries().size()
                            + " are shown.");
                    err().flush();
                }
            });
        }
    }

    @Command(name = "download", description = {"Copy a file or a directory of a running space here.",
            "A directory arrives as a tar stream extracted into LOCAL with links, modes and times kept (unsafe "
                    + "members refused); a file is written to LOCAL, or into it when LOCAL is a directory."})
    static final class Download extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "REMOTE", description = "Absolute path in the space.")
        String remote;
        @Parameters(index = "2", paramLabel = "LOCAL", description = "Local file or directory.")
        Path local;

        @Override
        public Integer call() {
            FilesApi files = warren().files(space);
            FileEntry entry = files.stat(remote);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("space", space);
            result.put("remote", remote);
            if (entry.isDirectory()) {
                ArchiveCounts counts = files.downloadDir(remote, local);
                result.put("local", local.toAbsolutePath().toString());
                result.put("files", counts.files());
                result.put("directories", counts.directories());
                result.put("symlinks", counts.symlinks());
                result.put("bytes", counts.bytes());
                return done(result, "Downloaded " + remote + " to " + local + ": " + counts.files() + " files, "
                        + counts.directories() + " directories, " + counts.symlinks() + " links, " + counts.bytes()
                        + " bytes.");
            }
            Path target = Files.isDirectory(local) ? local.resolve(entry.name()) : local;
            long bytes = files.downloadFile(remote, target);
            result.put("local", target.toAbsolutePath().toString());
            result.put("bytes", bytes);
            return done(result, "Downloaded " + remote + " to " + target + " (" + bytes + " bytes).");
        }
    }
}
