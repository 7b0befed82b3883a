package dev.warren.cli;

import dev.warren.client.UploadsApi;
import dev.warren.client.transfer.DirUploadOptions;
import dev.warren.client.transfer.DirUploadResult;
import dev.warren.client.transfer.DirectoryArchive;
import dev.warren.client.transfer.FileUploadException;
import dev.warren.client.transfer.IgnoreRules;
import dev.warren.client.transfer.UploadOptions;
import dev.warren.client.transfer.UploadProgress;
import dev.warren.client.transfer.UploadResult;
import dev.warren.client.wire.Files.ConflictPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code upload}: files, directories and standard input from this machine into a space (or sandbox). Uploads pick
 * direct or resumable by size; a resumable one that fails prints the exact command that continues it. (Downloads
 * are {@link SpaceFileCommands.Download}.)
 */
final class TransferCommands {
    private TransferCommands() {}

    @Command(name = "upload", description = {"Upload a file, a directory (as a tar honouring .warrenignore) or"
            + " standard input (-) into a running space.",
            "Files up to 8 MiB go in one request, larger ones resumably; directories always resumably. A resumable"
                    + " failure prints the command that continues it (--resume ID) and exits non-zero."})
    static final class Upload extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "SRC", description = "A local file, a directory, or - for standard input.")
        String source;
        @Parameters(index = "2", arity = "0..1", paramLabel = "DEST",
                description = "The absolute path in the space (default: /workspace/<name of SRC>; required for -).")
        String destination;
        @Option(names = "--resume", paramLabel = "ID", description = "Continue the resumable upload ID from the"
                + " bytes the server holds (SRC must be unchanged; repeat the same --exclude patterns).")
        String resume;
        @Option(names = "--exclude", paramLabel = "PATTERN", description = "Leave out paths matching this gitignore"
                + " pattern (repeatable; applied after SRC/.warrenignore; !PATTERN includes again).")
        List<String> excludes = new ArrayList<>();
        @Option(names = "--dry-run", description = "List what would be sent; send nothing.")
        boolean dryRun;
        @Option(names = "--conflict", paramLabel = "POLICY", defaultValue = "merge", description = "For directories:"
                + " merge (default), replace (the result is exactly SRC) or fail (if DEST is not empty).")
        String conflict;
        @Option(names = "--resumable", description = "Upload a file resumably whatever its size.")
        boolean resumable;

        @Override
        public Integer call() {
            ConflictPolicy policy = ConflictPolicy.parse(conflict);
            if (policy == null) {
                throw new ExitCodes.UsageException("--conflict must be merge, replace or fail, not '" + conflict + "'.");
            }
            boolean stdin = source.equals("-");
            if (stdin && destination == null) {
                throw new ExitCodes.UsageException("Uploading standard input needs DEST: the absolute path to write.");
            }
            if (stdin && resume != null) {
                throw new ExitCodes.UsageException("--resume needs the source again: give the file the failed upload"
                        + " kept (its message names it) instead of -.");
            }
            Path local = stdin ? null : Path.of(source);
            if (!stdin && !Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                throw new ExitCodes.UsageException("The local path " + source + " does not exist.");
            }
            if (dryRun) {
                return dryRun(local, policy);
            }
            Path spooled = stdin ? spoolStdin() : null;
            Path from = stdin ? spooled : local;
            ProgressBar bar = ProgressBar.forTerminal(root().stderr, root().stdout == System.out);
            DirUploadOptions dirOptions = DirUploadOptions.defaults().withIgnorePatterns(excludes)
                    .withConflict(policy).withProgress(bar);
            UploadsApi uploads = warren().uploads(space);
            try {
                Object result;
                if (resume != null) {
                    result = uploads.resumeUpload(resume, from, dirOptions);
                } else if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                    result = uploads.uploadDir(from, destination, dirOptions);
                } else {
                    UploadOptions options = UploadOptions.defaults().withProgress(bar);
                    result = uploads.uploadFile(from, destination, resumable ? options.forceResumable() : options);
                }
                bar.finish();
                if (spooled != null) {
                    delete(spooled);
                }
                return print(result, () -> out().println(describe(result, stdin ? "standard input" : source)));
            } catch (FileUploadException failed) {
                bar.finish();
                if (spooled != null && failed.uploadId() == null) {
                    delete(spooled);
                }
                return failedUpload(failed, from);
            }
        }

        private String describe(Object result, String what) {
            if (result instanceof DirUploadResult dir) {
                return "Uploaded " + what + " to " + dir.targetPath() + " in " + space + ": " + dir.fileCount()
                        + " files, " + dir.directoryCount() + " directories, " + dir.symlinkCount() + " symlinks ("
                        + dir.bytesUploaded() + " bytes sent, upload " + dir.uploadId() + ").";
            }
            UploadResult file = (UploadResult) result;
            return "Uploaded " + what + " to " + file.targetPath() + " in " + space + " (" + file.bytesUploaded()
                    + " bytes sent, " + file.transport() + (file.uploadId() == null ? "" : ", upload "
                    + file.uploadId()) + ").";
        }

        /** Prints the failure and, when it can be resumed, the command that does it; returns the exit code. */
        private int failedUpload(FileUploadException failed, Path from) {
            String command = failed.uploadId() == null ? null : resumeCommand(failed.uploadId(), from);
            int code = switch (failed.status()) {
                case 400 -> ExitCodes.USAGE;
                case 401, 403 -> ExitCodes.AUTH;
                case 404 -> ExitCodes.NOT_FOUND;
                case 409, 423 -> ExitCodes.CONFLICT;
                default -> ExitCodes.ERROR;
            };
            if (json()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", failed.getMessage());
                body.put("detail", failed.detail());
                body.put("status", failed.status());
                body.put("upload_id", failed.uploadId());
                body.put("resume_command", command);
                body.put("exit_code", code);
                Output.json(err(), body);
                return code;
            }
            err().println("warren: " + failed.getMessage());
            if (!failed.detail().isEmpty()) {
                err().println("  " + failed.detail());
            }
            if (command != null) {
                err().println("Resume with: " + command);
            }
            err().flush();
            return code;
        }

        private String resumeCommand(String uploadId, Path from) {
            StringBuilder command = new StringBuilder(spec.qualifiedName()).append(' ').append(quote(space))
                    .append(' ').append(quote(from.toString()));
            if (destination != null) {
                command.append(' ').append(quote(destination));
            }
            for (String pattern : excludes) {
                command.append(" --exclude ").append(quote(pattern));
            }
            return command.append(" --resume ").append(uploadId).toString();
        }

        private int dryRun(Path local, ConflictPolicy policy) {
            Map<String, Object> plan = new LinkedHashMap<>();
            plan.put("dry_run", true);
            plan.put("space", space);
            if (local == null) {
                plan.put("kind", "stdin");
                plan.put("target_path", destination);
                return print(plan, () -> out().println("Would upload standard input to " + destination + " in "
                        + space + "; nothing was sent."));
            }
            String target = destination != null ? destination
                    : UploadsApi.DEFAULT_DIRECTORY + local.toAbsolutePath().normalize().getFileName();
            plan.put("source", local.toString());
            plan.put("target_path", target);
            if (!Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
                long size = size(local);
                boolean viaTus = resumable || size > UploadOptions.DEFAULT_DIRECT_THRESHOLD;
                plan.put("kind", "file");
                plan.put("bytes", size);
                plan.put("transport", viaTus ? UploadResult.RESUMABLE : UploadResult.DIRECT);
                return print(plan, () -> out().println("Would upload " + local + " (" + size + " bytes, "
                        + (viaTus ? "resumable" : "direct") + ") to " + target + " in " + space
                        + "; nothing was sent."));
            }
            DirectoryArchive archive = DirectoryArchive.scan(local, IgnoreRules.forDirectory(local, excludes));
            plan.put("kind", "directory");
            plan.put("conflict", policy.wireName());
            plan.put("file_count", archive.fileCount());
            plan.put("directory_count", archive.directoryCount());
            plan.put("symlink_count", archive.symlinkCount());
            plan.put("bytes", archive.contentBytes());
            plan.put("entries", archive.entries().stream().map(entry -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", entry.path());
                row.put("type", entry.type().name().toLowerCase(java.util.Locale.ROOT));
                row.put("size", entry.size());
                if (entry.linkTarget() != null) {
                    row.put("link_target", entry.linkTarget());
                }
                return row;
            }).toList());
            return print(plan, () -> {
                for (DirectoryArchive.Entry entry : archive.entries()) {
                    out().println(switch (entry.type()) {
                        case DIRECTORY -> entry.path() + "/";
                        case FILE -> entry.path() + "  (" + entry.size() + " bytes)";
                        case SYMLINK -> entry.path() + " -> " + entry.linkTarget();
                    });
                }
                out().println("Would upload " + archive.fileCount() + " files, " + archive.directoryCount()
                        + " directories and " + archive.symlinkCount() + " symlinks (" + archive.contentBytes()
                        + " bytes) to " + target + " in " + space + " (" + policy.wireName() + "); nothing was sent.");
            });
        }

        /** Standard input to a private temporary file: a resumable upload needs its bytes again to resume. */
        private Path spoolStdin() {
            try {
                Path file = Files.createTempFile("warren-stdin-", ".part",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (InputStream in = root().stdin; OutputStream out = Files.newOutputStream(file)) {
                    in.transferTo(out);
                }
                return file;
            } catch (IOException error) {
                throw new UncheckedIOException("Cannot keep standard input in a temporary file: " + error.getMessage(),
                        error);
            }
        }
    }

    /** A one-line progress bar on standard error, redrawn in place; silent unless standard output is a terminal. */
    static final class ProgressBar implements Consumer<UploadProgress> {
        private final java.io.PrintStream err;
        private final boolean enabled;
        private boolean drawn;

        private ProgressBar(java.io.PrintStream err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        static ProgressBar forTerminal(java.io.PrintStream err, boolean realStdout) {
            java.io.Console console = System.console();
            return new ProgressBar(err, realStdout && console != null && console.isTerminal());
        }

        @Override
        public synchronized void accept(UploadProgress progress) {
            if (!enabled || progress.phase().equals(UploadProgress.DONE)) {
                return;
            }
            long total = Math.max(progress.bytesTotal(), 1);
            int percent = progress.bytesTotal() <= 0 ? 0 : (int) (progress.bytesCompleted() * 100 / total);
            int filled = percent * 30 / 100;
            err.print("\r[" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + String.format("%3d%%", percent)
                    + " " + mebibytes(progress.bytesCompleted()) + "/" + mebibytes(progress.bytesTotal()) + " MiB "
                    + progress.phase() + "   ");
            err.flush();
            drawn = true;
        }

        synchronized void finish() {
            if (drawn) {
                err.println();
                err.flush();
                drawn = false;
            }
        }

        private static String mebibytes(long bytes) {
            return String.format("%.1f", bytes / 1048576.0);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read " + file + ": " + error.getMessage(), error);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the system cleans it eventually
        }
    }

    /** A shell word: as is when safe, else single-quoted. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
