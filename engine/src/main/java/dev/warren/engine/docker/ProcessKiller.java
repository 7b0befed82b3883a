package dev.warren.engine.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kills a process seen from the host, with everything it started. Engines offer no call to end an exec,
 * so a timed-out exec is killed by its host pid: warren runs as root on the engine's host.
 */
class ProcessKiller {

    /**
     * Sends SIGKILL to the process and its descendants. Returns false when no such process is visible here
     * (already gone, or the engine is on another host). Never touches pid 1 or this JVM.
     */
    boolean killTree(long pid) {
        if (pid <= 1 || pid == ProcessHandle.current().pid()) {
            return false;
        }
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        if (root.isEmpty()) {
            return false;
        }
        // Twice: a shell may fork between the snapshot of its children and its own death.
        for (int round = 0; round < 2; round++) {
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(root.get());
            root.get().descendants().forEach(tree::add);
            // destroyForcibly checks the start time too, so a reused pid is never hit.
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        return true;
    }
}
