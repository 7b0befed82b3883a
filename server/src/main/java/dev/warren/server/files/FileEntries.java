package dev.warren.server.files;

import dev.warren.client.wire.Files;
import dev.warren.client.wire.Files.FileEntry;
import dev.warren.runtime.agent.FileInfo;

/** The agent's entries in the wire's words: {@code file | dir | symlink | other}, modes as four octal digits. */
public final class FileEntries {
    private FileEntries() {}

    public static FileEntry of(FileInfo info) {
        return new FileEntry(info.name(), info.path(), type(info), info.size(), mode(info.mode()), info.modifiedAt(),
                info.symlinkTarget());
    }

    /** {@code 0644} → {@code "0644"}; set-id and sticky bits show as the fourth digit ({@code "4755"}). */
    public static String mode(int bits) {
        return String.format("%04o", bits & 07777);
    }

    private static String type(FileInfo info) {
        return switch (info.type()) {
            case FILE -> Files.FILE;
            case DIRECTORY -> Files.DIRECTORY;
            case SYMLINK -> Files.SYMLINK;
            case OTHER -> Files.OTHER;
        };
    }
}
