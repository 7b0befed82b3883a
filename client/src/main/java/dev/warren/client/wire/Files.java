package dev.warren.client.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * File operations in a running space ({@code /api/spaces/{space}/files/…} and {@code /archive}): entries, listings,
 * searches, watch events and directory archives. Paths are absolute paths in the space; links are never followed
 * when an entry is described.
 */
public final class Files {
    private Files() {}

    /** {@code type} values of a {@link FileEntry}. */
    public static final String FILE = "file";
    public static final String DIRECTORY = "dir";
    public static final String SYMLINK = "symlink";
    public static final String OTHER = "other";

    /**
     * One entry, as {@code lstat} sees it.
     *
     * @param type           {@code file | dir | symlink | other} (a device, FIFO or socket is {@code other})
     * @param size           bytes (a link's size is the length of its target)
     * @param mode           permission bits as a four-digit octal string, such as {@code "0644"}
     * @param symlinkTarget  a link's target as stored, or null when it is not a link
     */
    public record FileEntry(String name, String path, String type, long size, String mode, Instant modifiedAt,
            String symlinkTarget) {

        public boolean isDirectory() {
            return DIRECTORY.equals(type);
        }

        public boolean isFile() {
            return FILE.equals(type);
        }

        public boolean isSymlink() {
            return SYMLINK.equals(type);
        }

        /** The permission bits as a number ({@code "0644"} → {@code 0644}). */
        public int modeBits() {
            return Integer.parseInt(mode, 8);
        }
    }

    /** {@code GET /files/list}: entries depth-first, each directory's entries by name. */
    public record FileList(List<FileEntry> entries) {}

    /** {@code POST /files/mkdir}: creates the directory and its missing parents. */
    public record MakeDirRequest(String path) {}

    /** @param created false when the directory already existed */
    public record MakeDirResult(String path, boolean created) {}

    /** {@code POST /files/rename}: moves {@code from} to {@code to} within the space. */
    public record RenameRequest(String from, String to) {}

    /**
     * {@code GET /files/search}: entries whose path relative to the searched directory matches the glob.
     *
     * @param truncated true when more entries matched than one answer holds
     */
    public record SearchResult(List<FileEntry> entries, boolean truncated) {}

    /**
     * One line of {@code GET /files/watch} (NDJSON). {@code type} is a change — {@code create}, {@code write},
     * {@code remove}, {@code rename} (the old path; the new one follows as {@code create}), {@code chmod} — with its
     * absolute {@code path}; or a line about the stream itself: {@code ready} (first line: the watch is in place,
     * later changes are seen), {@code keepalive} (sent every few seconds while nothing else is; ignore it) or
     * {@code error} (with {@code message}: the watch ended).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileEvent(String type, String path, String message) {

        public static FileEvent change(String type, String path) {
            return new FileEvent(type, path, null);
        }

        public static FileEvent ready() {
            return new FileEvent("ready", null, null);
        }

        public static FileEvent keepalive() {
            return new FileEvent("keepalive", null, null);
        }

        public static FileEvent error(String sentence) {
            return new FileEvent("error", null, sentence);
        }

        /** Whether this line reports a change (not {@code ready}, {@code keepalive} or {@code error}). */
        public boolean isChange() {
            return type != null && switch (type) {
                case "create", "write", "remove", "rename", "chmod" -> true;
                default -> false;
            };
        }
    }

    /**
     * What {@code POST /archive} extracted.
     *
     * @param targetPath the destination directory
     * @param bytes      the content bytes of the files written
     */
    public record ArchiveResult(String targetPath, long fileCount, long directoryCount, long symlinkCount,
            long bytes) {}

    /**
     * What an archive extraction does with a destination that already has content: {@code merge} (the archive's
     * files overwrite, everything else stays), {@code replace} (the result is exactly the archive) or {@code fail}
     * (refused with 409 unless the destination is missing or empty).
     */
    public enum ConflictPolicy {
        @JsonProperty("merge") MERGE,
        @JsonProperty("replace") REPLACE,
        @JsonProperty("fail") FAIL;

        /** The query parameter value ({@code merge | replace | fail}). */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The policy named {@code value} (any case), or null when it names none. */
        public static ConflictPolicy parse(String value) {
            if (value == null) {
                return null;
            }
            for (ConflictPolicy policy : values()) {
                if (policy.wireName().equalsIgnoreCase(value.strip())) {
                    return policy;
                }
            }
            return null;
        }
    }
}
