package dev.warren.server.snapshots;

import dev.warren.client.wire.Sandboxes.CreateSandboxRequest;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Snapshots.ForkRequest;
import dev.warren.client.wire.Snapshots.ForkResult;
import dev.warren.core.ConflictException;
import dev.warren.core.EngineFailureException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.WarrenException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.Sandbox;
import dev.warren.core.model.Snapshot;
import dev.warren.core.model.Space;
import dev.warren.server.auth.Caller;
import dev.warren.server.sandboxes.SandboxService;
import dev.warren.store.SandboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * fork(n): one hidden snapshot of the sandbox as it is now (it keeps running; frozen only while its files are
 * copied), then n sandboxes made from it, started at once. All or nothing: when one cannot be made, those already
 * made are killed and the answer says so. The hidden snapshot goes with the last fork (see {@link SnapshotJanitor}).
 * Memory is not carried: forks start their processes afresh. Owner or admin. Blocking; thread-safe.
 */
public final class ForkService {
    private static final Logger LOG = LoggerFactory.getLogger(ForkService.class);

    private final SnapshotService snapshots;
    private final SandboxService sandboxService;
    private final SandboxStore sandboxes;
    private final SnapshotJanitor janitor;
    private final SnapshotSettings settings;

    public ForkService(SnapshotService snapshots, SandboxService sandboxService, SandboxStore sandboxes,
            SnapshotJanitor janitor, SnapshotSettings settings) {
        this.snapshots = snapshots;
        this.sandboxService = sandboxService;
        this.sandboxes = sandboxes;
        this.janitor = janitor;
        this.settings = settings;
    }

    public ForkResult fork(Caller caller, String sandboxId, ForkRequest request) {
        Integer n = request == null ? null : request.n();
        if (n == null || n < 1 || n > settings.forkMax()) {
            throw ValidationException.of("n", "n, the number of forks, must be 1 to " + settings.forkMax()
                    + " on this server (WARREN_FORK_MAX)" + (n == null ? "." : ", not " + n + "."));
        }
        sandboxService.checkFields(request.timeout(), request.metadata());
        Space space = snapshots.sandboxOf(caller, sandboxId, "fork");
        Sandbox parent = sandboxes.find(space.id())
                .orElseThrow(() -> new NotFoundException("'" + space.name() + "' is a space, not a sandbox."));
        Snapshot snapshot = snapshots.capture(space, "fork-of-" + space.name(), true);
        try {
            CreateSandboxRequest each = new CreateSandboxRequest(null, null,
                    request.timeout() != null ? request.timeout() : parent.timeout().toSeconds(),
                    parent.onTimeout().name().toLowerCase(Locale.ROOT), parent.autoResume(),
                    request.metadata() != null ? request.metadata() : parent.metadata(), parent.environment(),
                    parent.secure(), parent.idleTimeout().toSeconds(), null, snapshot.id());
            return new ForkResult(createAll(caller, n, each));
        } finally {
            snapshots.release(snapshot.id());
            janitor.removeUnusedSoon(); // none made, or all killed: the hidden snapshot goes now
        }
    }

    private List<SandboxInfo> createAll(Caller caller, int n, CreateSandboxRequest each) {
        List<Future<SandboxInfo>> pending = new ArrayList<>();
        List<SandboxInfo> made = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                pending.add(threads.submit(() -> sandboxService.create(caller, each)));
            }
            for (Future<SandboxInfo> result : pending) {
                try {
                    made.add(result.get());
                } catch (ExecutionException failed) {
                    failures.add(failed.getCause() instanceof RuntimeException runtime ? runtime
                            : new EngineFailureException(String.valueOf(failed.getCause().getMessage())));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    failures.add(new EngineFailureException("The fork was interrupted."));
                }
            }
        }
        if (failures.isEmpty()) {
            return made;
        }
        for (SandboxInfo fork : made) {
            try {
                sandboxService.kill(caller, fork.id());
            } catch (RuntimeException leftover) {
                LOG.warn("Could not remove fork {} after the fork failed; its timeout ends it: {}", fork.id(),
                        leftover.getMessage());
            }
        }
        throw failed(failures.getFirst(), failures.size(), n, made.size());
    }

    /** The first failure's kind (so its status), with a sentence saying what happened to the whole fork. */
    private static RuntimeException failed(RuntimeException first, int failedCount, int n, int removed) {
        String sentence = "The fork made no sandboxes: " + failedCount + " of " + n + " could not be made ("
                + first.getMessage() + ")" + (removed == 0 ? "." : "; the " + removed + " made were removed.");
        RuntimeException answer = switch (first) {
            case WrongStateException ignored -> new WrongStateException(sentence);
            case ConflictException ignored -> new ConflictException(sentence);
            case NotFoundException ignored -> new NotFoundException(sentence);
            case ValidationException refused -> refused;
            case WarrenException ignored -> new EngineFailureException(sentence, first);
            default -> new EngineFailureException(sentence, first);
        };
        if (answer != first) {
            answer.addSuppressed(first);
        }
        return answer;
    }
}
