package dev.warren.server.files;

import dev.warren.client.wire.Files.FileEntry;
import dev.warren.client.wire.Files.SearchResult;
import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Finds the entries under a directory whose path relative to it matches a {@link Glob}. Walks one directory per
 * agent call (never the whole tree in memory), depth-first in name order, without following links; stops at
 * {@code maxResults} matches or {@link #MAX_SCANNED} entries looked at (the answer says {@code truncated}).
 * Directories the space's user cannot read, or that vanish meanwhile, are passed over. A glob without {@code **}
 * is not searched deeper than it has names.
 */
public final class FileSearch {
    /** A bound on the walk itself, whatever matches. */
    static final int MAX_SCANNED = 1_000_000;

    private FileSearch() {}

    private record Pending(String path, String relative, int depth) {}

    /** @param root a normalised absolute path of a directory (its own errors — missing, not a directory — surface) */
    public static SearchResult search(SpaceAgent agent, String root, Glob glob, int maxResults) {
        List<FileEntry> found = new ArrayList<>();
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending(root, "", 0));
        long scanned = 0;
        boolean first = true;
        while (!pending.isEmpty()) {
            Pending directory = pending.pop();
            List<FileInfo> entries;
            try {
                entries = agent.list(directory.path(), 1);
            } catch (ForbiddenException | NotFoundException unreadable) {
                if (first) {
                    throw unreadable;
                }
                continue;
            }
            first = false;
            List<Pending> below = new ArrayList<>();
            for (FileInfo entry : entries) {
                if (++scanned > MAX_SCANNED) {
                    return new SearchResult(found, true);
                }
                String relative = directory.relative().isEmpty() ? entry.name()
                        : directory.relative() + "/" + entry.name();
                if (glob.matches(relative)) {
                    if (found.size() == maxResults) {
                        return new SearchResult(found, true);
                    }
                    found.add(FileEntries.of(entry));
                }
                int depth = directory.depth() + 1;
                if (entry.type() == FileType.DIRECTORY && (glob.fixedDepth() < 0 || depth < glob.fixedDepth())) {
                    below.add(new Pending(entry.path(), relative, depth));
                }
            }
            for (int i = below.size() - 1; i >= 0; i--) {
                pending.push(below.get(i));
            }
        }
        return new SearchResult(found, false);
    }
}
