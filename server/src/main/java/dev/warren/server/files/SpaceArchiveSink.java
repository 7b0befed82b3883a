package dev.warren.server.files;

import dev.warren.client.archive.ArchiveRefusedException;
import dev.warren.client.archive.ArchiveSink;
import dev.warren.core.ConflictException;
import dev.warren.runtime.SpaceAgent;

import java.io.InputStream;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Writes accepted archive members into a staging directory of the space through its agent: directories with their
 * parents, files streamed (the agent writes each to a temporary file and renames it, with the member's mode), links
 * as links. A member that clashes with an earlier one (a file where the archive made a directory) is a refusal.
 * Directory modes and modification times are not set: the agent has no request for them yet.
 */
final class SpaceArchiveSink implements ArchiveSink {
    private final SpaceAgent agent;
    private final String staging;
    private final String destination;

    /**
     * @param staging     the directory members are written under
     * @param destination the path they will have in the end (for sentences)
     */
    SpaceArchiveSink(SpaceAgent agent, String staging, String destination) {
        this.agent = agent;
        this.staging = staging;
        this.destination = destination;
    }

    @Override
    public void directory(String path, int mode, Instant modified) {
        clashes(path, () -> {
            agent.makeDirectories(SpacePaths.child(staging, path));
            return null;
        });
    }

    @Override
    public void file(String path, int mode, Instant modified, InputStream content, long size) {
        clashes(path, () -> {
            agent.write(SpacePaths.child(staging, path), content, mode);
            return null;
        });
    }

    @Override
    public void symlink(String path, String target, Instant modified) {
        clashes(path, () -> {
            agent.symlink(target, SpacePaths.child(staging, path));
            return null;
        });
    }

    private void clashes(String path, Supplier<Void> write) {
        try {
            write.get();
        } catch (ConflictException clash) {
            String why = String.valueOf(clash.getMessage()).replace(staging, destination);
            throw new ArchiveRefusedException("The archive member '" + path + "' clashes with an earlier member of "
                    + "the archive: " + why);
        }
    }
}
