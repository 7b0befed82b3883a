package dev.warren.cli;

import dev.warren.client.Volume;
import dev.warren.client.archive.ArchiveCounts;
import dev.warren.client.wire.Files.FileEntry;
import dev.warren.client.wire.Volumes.VolumeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code warren volume ls|create|rm|ls-files|upload|download}: your named volumes and their files, without starting
 * a sandbox. Mount one with {@code warren sandbox create --volume} or the SDK's {@code withVolume}.
 */
@Command(name = "volume", description = "Manage your named volumes and their files.",
        subcommands = {VolumeCommand.ListVolumes.class, VolumeCommand.Create.class, VolumeCommand.Remove.class,
                VolumeCommand.ListFiles.class, VolumeCommand.Upload.class, VolumeCommand.Download.class})
final class VolumeCommand {
    private VolumeCommand() {}

    @Command(name = "ls", description = "List your volumes.")
    static final class ListVolumes extends Base {
        @Override
        public Integer call() {
            List<VolumeInfo> volumes = warren().volumes().list().stream().map(Volume::info).toList();
            return print(volumes, () -> Output.table(out(), List.of("NAME", "ID", "MOUNTED BY", "CREATED"),
                    volumes.stream().map(v -> Output.row(v.name(), v.id(),
                            v.mountedBy().isEmpty() ? "-" : String.join(",", v.mountedBy()), v.createdAt())).toList()));
        }
    }

    @Command(name = "create", description = "Create a volume.")
    static final class Create extends Base {
        @Parameters(index = "0", paramLabel = "<name>", description = "Lowercase letters, digits and dashes.")
        String name;

        @Override
        public Integer call() {
            Volume volume = warren().volumes().create(name);
            return done(volume.info(), "Created volume " + volume.name() + " (" + volume.id() + ").");
        }
    }

    @Command(name = "rm", description = "Delete a volume and its data (refused while a space mounts it).")
    static final class Remove extends Base {
        @Parameters(index = "0", paramLabel = "<volume>", description = "Name or id.")
        String volume;

        @Override
        public Integer call() {
            warren().volumes().delete(volume);
            return done(Map.of("deleted", volume), "Deleted volume " + volume + ".");
        }
    }

    @Command(name = "ls-files", description = "List the files of a volume.")
    static final class ListFiles extends Base {
        @Parameters(index = "0", paramLabel = "<volume>", description = "Name or id.")
        String volume;
        @Parameters(index = "1", arity = "0..1", paramLabel = "<path>", description = "A directory (default /).")
        String path = "/";
        @Option(names = {"-d", "--depth"}, description = "Levels to list, 1 to 32 (default 1).")
        int depth = 1;

        @Override
        public Integer call() {
            List<FileEntry> entries = warren().volumes().get(volume).files().list(path, depth);
            return print(entries, () -> Output.table(out(), List.of("TYPE", "MODE", "SIZE", "PATH"),
                    entries.stream().map(e -> Output.row(e.type(), e.mode(), e.size(),
                            e.symlinkTarget() == null ? e.path() : e.path() + " -> " + e.symlinkTarget())).toList()));
        }
    }

    @Command(name = "upload", description = "Upload a local file into a volume (parents are created).")
    static final class Upload extends Base {
        @Parameters(index = "0", paramLabel = "<volume>", description = "Name or id.")
        String volume;
        @Parameters(index = "1", paramLabel = "<local-file>")
        Path local;
        @Parameters(index = "2", paramLabel = "<remote-path>", description = "Absolute path in the volume.")
        String remote;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(local)) {
                throw new ExitCodes.UsageException("'" + local + "' is not a readable file.");
            }
            warren().volumes().get(volume).files().uploadFile(local, remote);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("volume", volume);
            result.put("path", remote);
            return done(result, "Uploaded " + local + " to " + volume + ":" + remote + ".");
        }
    }

    @Command(name = "download", description = "Download a file, or with --archive a directory, from a volume.")
    static final class Download extends Base {
        @Parameters(index = "0", paramLabel = "<volume>", description = "Name or id.")
        String volume;
        @Parameters(index = "1", paramLabel = "<remote-path>", description = "Absolute path in the volume.")
        String remote;
        @Parameters(index = "2", paramLabel = "<local-path>", description = "A file, or a directory with --archive.")
        Path local;
        @Option(names = "--archive", description = "Download a directory (as tar, extracted safely into <local-path>).")
        boolean archive;

        @Override
        public Integer call() {
            var files = warren().volumes().get(volume).files();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("volume", volume);
            result.put("path", remote);
            result.put("local", local.toString());
            if (archive) {
                ArchiveCounts counts = files.downloadDir(remote, local);
                result.put("files", counts.files());
                result.put("directories", counts.directories());
                result.put("symlinks", counts.symlinks());
                result.put("bytes", counts.bytes());
                return done(result, "Downloaded " + counts.files() + " file(s), " + counts.directories()
                        + " directory(ies) and " + counts.symlinks() + " link(s) to " + local + ".");
            }
            long bytes = files.downloadFile(remote, local);
            result.put("bytes", bytes);
            return done(result, "Downloaded " + bytes + " bytes to " + local + ".");
        }
    }
}
