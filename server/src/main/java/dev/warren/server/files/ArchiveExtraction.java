package dev.warren.server.files;

import dev.warren.client.archive.ArchiveCounts;
import dev.warren.client.archive.ArchiveRefusedException;
import dev.warren.client.archive.SafeArchivePaths;
import dev.warren.client.archive.TarExtraction;
import dev.warren.client.wire.Files.ArchiveResult;
import dev.warren.client.wire.Files.ConflictPolicy;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * Extracts a tar stream into a directory of a space, all or nothing. Members are first written into a staging
 * directory <em>inside</em> the destination ({@code .warren-extract-<random>}); only when the whole archive was
 * accepted ({@link SafeArchivePaths}, {@link TarExtraction}) are they moved into place with renames, following the
 * {@link ConflictPolicy}:
 * <ul>
 *   <li>{@code fail}: refused (409) before anything is written when the destination exists and is not empty;</li>
 *   <li>{@code merge}: the archive's files and links replace those at the same paths, directories merge, everything
 *       else stays; a file where the other side has a directory is a conflict (409) found before anything moves;</li>
 *   <li>{@code replace}: the old entries are first moved aside, then the new ones in, then the old ones removed — the
 *       result is exactly the archive, and a refused archive leaves the old content.</li>
 * </ul>
 * Staging inside the destination (rather than beside it) needs write access to the destination only — a sandbox's
 * {@code /workspace} under a {@code /} its user cannot write works — and keeps the destination's identity, so a
 * watch on it goes on. A refused or failed extraction removes the staging directory, and the destination when the
 * extraction created it: nothing is left outside the destination, and nothing changes inside it.
 */
public final class ArchiveExtraction {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveExtraction.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String STAGING_PREFIX = ".warren-extract-";

    private ArchiveExtraction() {}

    /**
     * @param destination a normalised absolute path (not {@code /})
     * @throws ValidationException  naming {@code archive} when the archive is refused
     * @throws ConflictException    for {@code fail} with a non-empty destination, a destination that is a file, or a
     *                              merge between a file and a directory
     */
    public static ArchiveResult extract(SpaceAgent agent, String destination, ConflictPolicy policy,
            InputStream tar) {
        if (destination.equals("/")) {
            throw ValidationException.of("path", "An archive cannot be extracted over '/'; name a directory.");
        }
        String created = prepare(agent, destination, policy);
        String staging = SpacePaths.child(destination, STAGING_PREFIX + HexFormat.of().formatHex(randomBytes()));
        try {
            agent.makeDirectories(staging);
            ArchiveCounts counts = TarExtraction.extract(tar, new SafeArchivePaths(destination),
                    new SpaceArchiveSink(agent, staging, destination));
            switch (policy) {
                case MERGE -> merge(agent, staging, destination);
                case REPLACE -> replace(agent, staging, destination);
                case FAIL -> moveChildren(agent, staging, destination);
            }
            agent.remove(staging);
            return new ArchiveResult(destination, counts.files(), counts.directories(), counts.symlinks(),
                    counts.bytes());
        } catch (RuntimeException failed) {
            quietlyRemove(agent, staging);
            if (created != null) {
                quietlyRemove(agent, created);
            }
            if (failed instanceof ArchiveRefusedException refused) {
                throw ValidationException.of("archive", refused.getMessage());
            }
            throw failed;
        }
    }

    /** Checks the destination; creates it when missing and returns the topmost directory it created (else null). */
    private static String prepare(SpaceAgent agent, String destination, ConflictPolicy policy) {
        FileInfo existing = statOrNull(agent, destination);
        if (existing != null) {
            if (existing.type() != FileType.DIRECTORY && !(existing.type() == FileType.SYMLINK
                    && isDirectory(agent, destination))) {
                throw new ConflictException("'" + destination + "' exists and is not a directory.");
            }
            if (policy == ConflictPolicy.FAIL && !agent.list(destination, 1).isEmpty()) {
                throw new ConflictException("'" + destination + "' is not empty, and conflict=fail writes only "
                        + "into a missing or empty directory; use merge or replace.");
            }
            return null;
        }
        String topmost = destination;
        for (String parent = SpacePaths.parent(destination); !parent.equals("/")
                && statOrNull(agent, parent) == null; parent = SpacePaths.parent(parent)) {
            topmost = parent;
        }
        agent.makeDirectories(destination);
        return topmost;
    }

    /** Every entry of the destination except the staging directory goes aside, the new ones in, the old away. */
    private static void replace(SpaceAgent agent, String staging, String destination) {
        String aside = staging + ".old";
        agent.makeDirectories(aside);
        List<String> moved = new ArrayList<>();
        try {
            for (FileInfo old : agent.list(destination, 1)) {
                if (!old.path().equals(staging) && !old.path().equals(aside)) {
                    agent.rename(old.path(), SpacePaths.child(aside, old.name()));
                    moved.add(old.name());
                }
            }
        } catch (RuntimeException failed) {
            for (String name : moved) { // put back what went aside: the old content stays as it was
                agent.rename(SpacePaths.child(aside, name), SpacePaths.child(destination, name));
            }
            quietlyRemove(agent, aside);
            throw failed;
        }
        moveChildren(agent, staging, destination);
        agent.remove(aside);
    }

    private static void moveChildren(SpaceAgent agent, String from, String to) {
        for (FileInfo child : agent.list(from, 1)) {
            agent.rename(child.path(), SpacePaths.child(to, child.name()));
        }
    }

    private record Pair(String staged, String target) {}

    /** A first walk finds conflicts (nothing moved yet), the second moves. */
    private static void merge(SpaceAgent agent, String staging, String destination) {
        walkMerge(agent, staging, destination, false);
        walkMerge(agent, staging, destination, true);
    }

    private static void walkMerge(SpaceAgent agent, String staging, String destination, boolean move) {
        Deque<Pair> pending = new ArrayDeque<>();
        pending.push(new Pair(staging, destination));
        while (!pending.isEmpty()) {
            Pair directory = pending.pop();
            for (FileInfo child : agent.list(directory.staged(), 1)) {
                String target = SpacePaths.child(directory.target(), child.name());
                FileInfo there = statOrNull(agent, target);
                boolean newIsDirectory = child.type() == FileType.DIRECTORY;
                if (there != null && newIsDirectory && there.type() == FileType.DIRECTORY) {
                    pending.push(new Pair(child.path(), target));
                } else if (there != null && newIsDirectory != (there.type() == FileType.DIRECTORY)) {
                    throw new ConflictException("The archive has a " + (newIsDirectory ? "directory" : "file")
                            + " at '" + target + "' where the destination has a "
                            + (newIsDirectory ? "file or link" : "directory") + "; conflict=merge does not replace "
                            + "one by the other (use replace).");
                } else if (move) {
                    agent.rename(child.path(), target); // missing, or a file or link replaced by one
                }
            }
        }
    }

    private static boolean isDirectory(SpaceAgent agent, String path) {
        try {
            agent.list(path, 1);
            return true;
        } catch (RuntimeException notOne) {
            return false;
        }
    }

    private static FileInfo statOrNull(SpaceAgent agent, String path) {
        try {
            return agent.stat(path);
        } catch (NotFoundException missing) {
            return null;
        }
    }

    private static void quietlyRemove(SpaceAgent agent, String path) {
        try {
            agent.remove(path);
        } catch (NotFoundException gone) {
            // nothing to clean
        } catch (RuntimeException failed) {
            LOG.warn("Could not remove {} after a failed extraction: {}", path, failed.getMessage());
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
