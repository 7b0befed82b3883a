package dev.warren.engine.docker;

import com.github.dockerjava.api.DockerClient;
import dev.warren.engine.EngineException;
import dev.warren.engine.ExecRequest;
import dev.warren.engine.NotFoundException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Files inside containers through the engine's archive API, which speaks tar: reading unpacks the single
 * entry while it streams; writing builds a one-entry tar on the fly. Neither holds a file in memory.
 */
final class DockerFiles {
    /** Symbolic links followed before giving up, like the kernel's own limit on nested links. */
    private static final int MAX_LINKS = 40;
    /** An empty tar: two zero blocks. PUT to a directory, it tells whether the directory exists. */
    private static final byte[] EMPTY_TAR = new byte[1024];

    private final DockerClient client;
    private final DockerExec exec;

    DockerFiles(DockerClient client, DockerExec exec) {
        this.client = client;
        this.exec = exec;
    }

    void read(String container, String path, OutputStream out) {
        String current = ContainerPaths.absolute(path);
        for (int links = 0; links <= MAX_LINKS; links++) {
            String doing = "Reading " + current + " from container " + container;
            InputStream archive;
            try {
                archive = client.copyArchiveFromContainerCmd(container, current).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                throw new NotFoundException("There is no file " + current + " in container " + container
                        + " (or no such container): " + Failures.engineMessage(e) + ".", e);
            } catch (RuntimeException e) {
                throw Failures.translate(doing, e);
            }
            try (var tar = new TarArchiveInputStream(archive)) {
                TarArchiveEntry entry = tar.getNextEntry();
                if (entry == null) {
                    throw new EngineException(doing + " failed: the engine sent an empty archive.");
                }
                if (entry.isDirectory()) {
                    throw new EngineException(current + " in container " + container
                            + " is a directory; only regular files can be read.");
                }
                if (entry.isSymbolicLink()) {
                    current = ContainerPaths.resolveLink(current, entry.getLinkName());
                    continue;
                }
                if (!entry.isFile()) {
                    throw new EngineException(current + " in container " + container + " is not a regular file.");
                }
                tar.transferTo(out);
                return;
            } catch (IOException e) {
                throw new EngineException(doing + " failed while streaming: " + e.getMessage() + ".", e);
            }
        }
        throw new EngineException("Reading " + path + " from container " + container
                + " followed more than " + MAX_LINKS + " symbolic links.");
    }

    void write(String container, String path, InputStream content, long size, int mode) {
        if (size < 0) {
            throw new IllegalArgumentException("A file size cannot be negative.");
        }
        String target = ContainerPaths.absolute(path);
        String parent = ContainerPaths.parent(target);
        String name = ContainerPaths.name(target);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Cannot write a file at " + path + ": it names a directory.");
        }
        ensureDirectory(container, parent);
        upload(container, parent, name, content, size, mode);
    }

    /** PUTs an empty tar to learn whether the directory exists; creates it with mkdir -p when it does not. */
    private void ensureDirectory(String container, String directory) {
        try {
            client.copyArchiveToContainerCmd(container).withRemotePath(directory)
                    .withTarInputStream(new ByteArrayInputStream(EMPTY_TAR)).exec();
            return;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // Either the directory or the container is missing; the inspect below tells which.
        } catch (RuntimeException e) {
            throw Failures.translate("Checking directory " + directory + " in container " + container, e);
        }
        try {
            client.inspectContainerCmd(container).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new NotFoundException("There is no container " + container + ".", e);
        }
        var result = exec.run(container, ExecRequest.of("mkdir", "-p", "--", directory)
                .withTimeout(Duration.ofSeconds(30)).withMaxOutputBytes(4096));
        if (result.exitCode() != 0) {
            throw new EngineException("Creating directory " + directory + " in container " + container
                    + " failed: " + result.stderrText().strip() + ".");
        }
    }

    /** Streams a one-entry tar through an OS pipe: a virtual thread writes it while the engine call reads it. */
    private void upload(String container, String directory, String name, InputStream content, long size, int mode) {
        String doing = "Writing " + directory + (directory.endsWith("/") ? "" : "/") + name + " to container " + container;
        Pipe pipe;
        try {
            pipe = Pipe.open();
        } catch (IOException e) {
            throw new EngineException(doing + " failed: no pipe could be opened (" + e.getMessage() + ").", e);
        }
        var producerFailure = new AtomicReference<Exception>();
        Thread producer = Thread.ofVirtual().name("warren-tar-writer").start(() -> {
            try (var tar = new TarArchiveOutputStream(Channels.newOutputStream(pipe.sink()))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                var entry = new TarArchiveEntry(name);
                entry.setSize(size);
                entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | (mode & 07777));
                tar.putArchiveEntry(entry);
                long copied = copy(content, tar, size);
                if (copied < size) {
                    throw new IOException("the content ended after " + copied + " of " + size + " bytes");
                }
                tar.closeArchiveEntry();
                tar.finish();
            } catch (Exception e) {
                producerFailure.set(e);
                // Unblock the engine call: it sees a broken tar and fails instead of waiting forever.
                DockerExec.closeQuietly(pipe.sink());
            }
        });
        try (InputStream tarStream = Channels.newInputStream(pipe.source())) {
            client.copyArchiveToContainerCmd(container).withRemotePath(directory)
                    .withTarInputStream(tarStream).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new NotFoundException(doing + " failed because the container or directory is missing: "
                    + Failures.engineMessage(e) + ".", e);
        } catch (IOException | RuntimeException e) {
            if (producerFailure.get() == null) {
                throw Failures.translate(doing, e);
            }
        } finally {
            DockerExec.closeQuietly(pipe.source());
            join(producer);
        }
        Exception failure = producerFailure.get();
        if (failure != null) {
            throw new EngineException(doing + " failed: " + failure.getMessage() + ".", failure);
        }
    }

    /** Copies exactly {@code size} bytes at most; returns how many were copied. */
    private static long copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        while (copied < size) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied));
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
