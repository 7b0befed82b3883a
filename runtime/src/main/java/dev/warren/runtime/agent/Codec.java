package dev.warren.runtime.agent;

import java.time.Instant;

/** Decoding of the agent's records (process and file entries, events) from frame payloads. */
final class Codec {
    private static final FileType[] FILE_TYPES = {FileType.FILE, FileType.DIRECTORY, FileType.SYMLINK, FileType.OTHER};
    private static final FileEvent.Kind[] EVENT_KINDS = FileEvent.Kind.values();

    private Codec() {}

    /** {@code pid u32, argv list, flags u8 (1 running, 2 background, 4 tty, 8 main), exit i32, started ms u64}. */
    static ProcessInfo processInfo(Frames.Reader reader) {
        int pid = reader.i32();
        var argv = reader.strings();
        int flags = reader.u8();
        int exitCode = reader.i32();
        Instant startedAt = Instant.ofEpochMilli(reader.i64());
        boolean running = (flags & 1) != 0;
        return new ProcessInfo(pid, argv, running, running ? null : exitCode, (flags & 2) != 0, (flags & 4) != 0,
                (flags & 8) != 0, startedAt);
    }

    /** {@code path, name, type u8 (1..4), size u64, mode u32, mtime ms i64, target optional string}. */
    static FileInfo fileInfo(Frames.Reader reader) {
        String path = reader.string();
        String name = reader.string();
        int type = reader.u8();
        long size = reader.i64();
        int mode = reader.i32();
        Instant modified = Instant.ofEpochMilli(reader.i64());
        String target = reader.optionalString();
        FileType fileType = type >= 1 && type <= FILE_TYPES.length ? FILE_TYPES[type - 1] : FileType.OTHER;
        return new FileInfo(path, name, fileType, size, mode, modified, target);
    }

    /** {@code kind u8 (1 create, 2 write, 3 remove, 4 rename, 5 chmod), path}. */
    static FileEvent fileEvent(Frames.Reader reader) {
        int kind = reader.u8();
        String path = reader.string();
        if (kind < 1 || kind > EVENT_KINDS.length) {
            throw new AgentException("The agent sent a file event of unknown kind " + kind + ".");
        }
        return new FileEvent(EVENT_KINDS[kind - 1], path);
    }
}
