package dev.warren.server.spaces;

import dev.warren.client.wire.Files.ArchiveResult;
import dev.warren.client.wire.Files.ConflictPolicy;
import dev.warren.client.wire.Files.SearchResult;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Space;
import dev.warren.core.rules.SpaceLifecycle;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.agent.FileEvent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;
import dev.warren.runtime.agent.FileWatch;
import dev.warren.server.files.ArchiveExtraction;
import dev.warren.server.files.ArchiveWriter;
import dev.warren.server.files.FileSearch;
import dev.warren.server.files.Glob;
import dev.warren.server.files.SpacePaths;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The file API of running spaces through their agents: read and write one file (streamed both ways: a file is never
 * held whole in memory, and a body of unknown length needs no spooling — the agent writes to a temporary file and
 * renames it), stat, list, mkdir, remove, rename, glob search, watch, and directory archives out and in. Paths
 * follow {@link SpacePaths} (absolute, normalised). A space that is not running is refused (423). Blocking;
 * thread-safe.
 */
public final class SpaceFiles {
    /** The default deepest listing ({@code depth}); walks deeper are searches or archives. */
    public static final int DEFAULT_MAX_LIST_DEPTH = 10;
    /** The most entries one search answers with. */
    public static final int MAX_SEARCH_RESULTS = 10_000;

    private final SpaceRuntime runtime;
    private final int maxListDepth;

    public SpaceFiles(SpaceRuntime runtime) {
        this(runtime, DEFAULT_MAX_LIST_DEPTH);
    }

    /** @param maxListDepth the largest {@code depth} a listing may ask for */
    public SpaceFiles(SpaceRuntime runtime, int maxListDepth) {
        this.runtime = runtime;
        this.maxListDepth = maxListDepth;
    }

    /** Streams the file to {@code out}; a missing file fails before the first byte is written. */
    void read(Space space, String path, OutputStream out) {
        SpaceAgent agent = agent(space, "read a file in");
        try {
            agent.read(path, out);
        } catch (NotFoundException missing) {
            throw new NotFoundException("No file '" + path + "' in space '" + space.name() + "'.");
        }
    }

    /** Replaces (or creates, with its parent directories) the file with {@code content}. */
    void write(Space space, String path, InputStream content, int mode) {
        agent(space, "write a file in").write(path, content, mode);
    }

    /** The entry at {@code path}, not following a link. */
    FileInfo stat(Space space, String path) {
        String clean = SpacePaths.absolute("path", path);
        return existing(space, agent(space, "look at a file in"), clean);
    }

    /** Entries under the directory, {@code depth} levels down (1..the configured maximum), depth-first by name. */
    List<FileInfo> list(Space space, String path, int depth) {
        String clean = SpacePaths.absolute("path", path);
        if (depth < 1 || depth > maxListDepth) {
            throw ValidationException.of("depth", "'depth' must be between 1 and " + maxListDepth + ", not "
                    + depth + "; search with a glob to look deeper.");
        }
        SpaceAgent agent = agent(space, "list files in");
        try {
            return agent.list(clean, depth);
        } catch (NotFoundException missing) {
            throw missing(space, clean);
        } catch (ConflictException notDirectory) {
            throw ValidationException.of("path", "'" + clean + "' is not a directory.");
        }
    }

    /**
     * Creates the directory and its missing parents.
     *
     * @return false when it already existed as a directory
     * @throws ConflictException when a file is in the way
     */
    boolean makeDirectory(Space space, String path) {
        String clean = SpacePaths.absolute("path", path);
        SpaceAgent agent = agent(space, "create a directory in");
        FileInfo there = statOrNull(agent, clean);
        if (there != null && there.type() == FileType.DIRECTORY) {
            return false;
        }
        if (there != null && there.type() != FileType.SYMLINK) {
            throw new ConflictException("'" + clean + "' exists and is not a directory.");
        }
        agent.makeDirectories(clean); // a link to a directory is one already; to anything else, a conflict
        return there == null;
    }

    /** Removes a file, a link (not its target) or a directory with its content. */
    void remove(Space space, String path) {
        String clean = SpacePaths.absolute("path", path);
        if (clean.equals("/")) {
            throw ValidationException.of("path", "The root directory '/' cannot be removed; name what is in it.");
        }
        SpaceAgent agent = agent(space, "remove a file in");
        try {
            agent.remove(clean);
        } catch (NotFoundException missing) {
            throw missing(space, clean);
        }
    }

    /** Moves {@code from} to {@code to} (replacing a file there), creating {@code to}'s parents; returns its entry. */
    FileInfo rename(Space space, String from, String to) {
        String source = SpacePaths.absolute("from", from);
        String target = SpacePaths.absolute("to", to);
        if (source.equals("/") || target.equals("/")) {
            throw ValidationException.of(source.equals("/") ? "from" : "to", "'/' cannot be renamed or replaced.");
        }
        if (target.startsWith(source + "/")) {
            throw ValidationException.of("to", "'" + target + "' is inside '" + source + "'; a directory cannot be "
                    + "moved into itself.");
        }
        SpaceAgent agent = agent(space, "rename a file in");
        existing(space, agent, source);
        agent.makeDirectories(SpacePaths.parent(target));
        agent.rename(source, target);
        return existing(space, agent, target);
    }

    /** Entries under {@code path} whose path relative to it matches {@code glob}. */
    SearchResult search(Space space, String path, String glob) {
        String clean = SpacePaths.absolute("path", path);
        Glob compiled = Glob.compile(glob);
        SpaceAgent agent = agent(space, "search files in");
        try {
            return FileSearch.search(agent, clean, compiled, MAX_SEARCH_RESULTS);
        } catch (NotFoundException missing) {
            throw missing(space, clean);
        } catch (ConflictException notDirectory) {
            throw ValidationException.of("path", "'" + clean + "' is not a directory.");
        }
    }

    /** Reports changes under {@code path} to {@code listener} until the returned watch is closed. */
    FileWatch watch(Space space, String path, boolean recursive, Consumer<FileEvent> listener) {
        String clean = SpacePaths.absolute("path", path);
        try {
            return agent(space, "watch files in").watch(clean, recursive, listener);
        } catch (NotFoundException missing) {
            throw missing(space, clean);
        }
    }

    /**
     * The entry an archive of {@code path} starts from: checked before any byte goes out, so a missing path is a
     * clean 404.
     */
    FileInfo archiveRoot(Space space, String path) {
        FileInfo root = stat(space, path);
        if (root.type() == FileType.OTHER) {
            throw ValidationException.of("path", "'" + root.path() + "' is neither a file, a directory nor a link.");
        }
        return root;
    }

    /** Streams {@code root} (from {@link #archiveRoot}) as a tar into {@code out} (not closed). */
    void writeArchive(Space space, FileInfo root, OutputStream out) {
        ArchiveWriter.write(agent(space, "archive files in"), root, out);
    }

    /** Extracts a tar stream into {@code destination} under {@code policy}; see {@link ArchiveExtraction}. */
    ArchiveResult extractArchive(Space space, String destination, ConflictPolicy policy, InputStream tar) {
        String clean = SpacePaths.absolute("path", destination);
        if (policy == null) {
            throw ValidationException.of("conflict", "'conflict' must be merge, replace or fail.");
        }
        return ArchiveExtraction.extract(agent(space, "extract an archive in"), clean, policy, tar);
    }

    private SpaceAgent agent(Space space, String action) {
        SpaceLifecycle.requireRunning(space, action);
        return runtime.agent(space.id());
    }

    private static FileInfo existing(Space space, SpaceAgent agent, String path) {
        try {
            return agent.stat(path);
        } catch (NotFoundException missing) {
            throw missing(space, path);
        }
    }

    private static FileInfo statOrNull(SpaceAgent agent, String path) {
        try {
            return agent.stat(path);
        } catch (NotFoundException missing) {
            return null;
        }
    }

    private static NotFoundException missing(Space space, String path) {
        return new NotFoundException("Nothing at '" + path + "' in space '" + space.name() + "'.");
    }
}
