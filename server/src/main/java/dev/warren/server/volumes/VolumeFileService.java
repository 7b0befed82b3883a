package dev.warren.server.volumes;

import dev.warren.client.wire.Files.FileList;
import dev.warren.client.wire.Files.MakeDirResult;
import dev.warren.client.wire.Volumes.DownloadUrl;
import dev.warren.client.wire.Volumes.DownloadUrlRequest;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Volume;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.VolumeFiles;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;
import dev.warren.server.auth.Caller;
import dev.warren.server.files.ArchiveWriter;
import dev.warren.server.files.FileEntries;
import dev.warren.store.VolumeStore;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The direct file API of volumes (no space is started): list, read, write, make a directory, remove, a directory as a
 * tar stream, and signed download links. Access is the volume's ({@link VolumeService#find}); the path rules are the
 * runtime's {@link VolumeFiles} (nothing leaves the volume). Blocking; thread-safe.
 */
public final class VolumeFileService {
    /** Default and longest life of a download link. */
    static final Duration DEFAULT_LINK_LIFE = Duration.ofMinutes(5);
    static final Duration MAX_LINK_LIFE = Duration.ofDays(1);
    private static final int MAX_DEPTH = 32;

    private final VolumeService volumes;
    private final VolumeStore store;
    private final SpaceRuntime runtime;
    private final DownloadLinks links;
    private final Clock clock;

    VolumeFileService(VolumeService volumes, VolumeStore store, SpaceRuntime runtime, DownloadLinks links,
            Clock clock) {
        this.volumes = volumes;
        this.store = store;
        this.runtime = runtime;
        this.links = links;
        this.clock = clock;
    }

    public FileList list(Caller caller, String ref, String path, Integer depth) {
        int levels = depth == null ? 1 : depth;
        if (levels < 1 || levels > MAX_DEPTH) {
            throw ValidationException.of("depth", "The depth must be 1 to " + MAX_DEPTH + ".");
        }
        return new FileList(files(caller, ref).list(orRoot(path), levels).stream().map(FileEntries::of).toList());
    }

    /** Streams the file to {@code out} (not closed). */
    public void read(Caller caller, String ref, String path, OutputStream out) {
        files(caller, ref).read(required(path), out);
    }

    public void write(Caller caller, String ref, String path, InputStream content, int mode) {
        files(caller, ref).write(required(path), content, mode);
    }

    public MakeDirResult makeDirectory(Caller caller, String ref, String path) {
        VolumeFiles files = files(caller, ref);
        String wanted = required(path);
        boolean existed;
        try {
            existed = files.stat(wanted).type() == FileType.DIRECTORY;
        } catch (NotFoundException missing) {
            existed = false;
        }
        files.makeDirectories(wanted);
        return new MakeDirResult(wanted, !existed);
    }

    public void remove(Caller caller, String ref, String path) {
        files(caller, ref).remove(required(path));
    }

    /**
     * Checks the path (a clean 404 before any byte), then returns a writer of the tar stream: links stored as links,
     * never followed.
     */
    public ArchiveWriting archive(Caller caller, String ref, String path) {
        VolumeFiles files = files(caller, ref);
        FileInfo root = files.stat(orRoot(path));
        return out -> ArchiveWriter.write(asAgent(files), root, out);
    }

    /** Writes a tar stream to an output (blocking). */
    @FunctionalInterface
    public interface ArchiveWriting {
        void to(OutputStream out);
    }

    /** A link that downloads one file until it expires; the file must exist now. */
    public DownloadUrl downloadUrl(Caller caller, String ref, DownloadUrlRequest request) {
        if (request == null) {
            throw ValidationException.of("path", "Give the path of the file to download.");
        }
        Duration life = request.ttlSeconds() == null ? DEFAULT_LINK_LIFE : Duration.ofSeconds(request.ttlSeconds());
        if (life.isNegative() || life.isZero() || life.compareTo(MAX_LINK_LIFE) > 0) {
            throw ValidationException.of("ttl_seconds", "The link's life must be 1 to " + MAX_LINK_LIFE.toSeconds()
                    + " seconds.");
        }
        Volume volume = volumes.find(caller, ref);
        String path = required(request.path());
        FileInfo info = runtime.volumeFiles(volume.id()).stat(path);
        if (info.type() == FileType.DIRECTORY) {
            throw ValidationException.of("path", "'" + path + "' is a directory; a link downloads one file (use"
                    + " the archive for a directory).");
        }
        Instant expires = clock.instant().plus(life).truncatedTo(ChronoUnit.SECONDS); // as the token keeps it
        String token = links.sign(new DownloadLinks.Grant(volume.id(), path, expires));
        return new DownloadUrl("/api/volumes/download/" + token, path, expires.toString());
    }

    /** What a download link grants: the file's name (for the answer's headers) and a way to stream it. */
    public record Download(String fileName, VolumeFiles files, String path) {
        public void to(OutputStream out) {
            files.read(path, out);
        }
    }

    /** Opens the file a link names; 401 for a bad or expired link, 404 when the volume or file is gone. */
    public Download download(String token) {
        DownloadLinks.Grant grant = links.verify(token, clock.instant());
        Volume volume = store.findById(grant.volumeId()).orElseThrow(() ->
                new NotFoundException("The volume of this download link no longer exists."));
        VolumeFiles files = runtime.volumeFiles(volume.id());
        FileInfo info = files.stat(grant.path());
        return new Download(info.name(), files, grant.path());
    }

    private VolumeFiles files(Caller caller, String ref) {
        return runtime.volumeFiles(volumes.find(caller, ref).id());
    }

    private static String orRoot(String path) {
        return path == null || path.isBlank() ? "/" : path;
    }

    private static String required(String path) {
        if (path == null || path.isBlank()) {
            throw ValidationException.of("path", "The query parameter 'path' is required: a path in the volume,"
                    + " such as /data.csv.");
        }
        return path;
    }

    /**
     * The volume's files seen as a space's, for {@link ArchiveWriter} (which reads through {@code stat}, {@code list}
     * and {@code read} only). A proxy rather than a class, so that the agent interface can grow without this
     * adapter having to follow; any other call is refused.
     */
    private static SpaceAgent asAgent(VolumeFiles files) {
        return (SpaceAgent) Proxy.newProxyInstance(SpaceAgent.class.getClassLoader(),
                new Class<?>[] {SpaceAgent.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "stat" -> files.stat((String) arguments[0]);
                    case "list" -> files.list((String) arguments[0], (Integer) arguments[1]);
                    case "read" -> {
                        files.read((String) arguments[0], (OutputStream) arguments[1]);
                        yield null;
                    }
                    case "toString" -> "volume files";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException("A volume has no " + method.getName() + ".");
                });
    }
}
