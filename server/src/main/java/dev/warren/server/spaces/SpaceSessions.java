package dev.warren.server.spaces;

import dev.warren.core.model.Space;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.AgentUnavailableException;
import dev.warren.runtime.agent.FileWatch;
import dev.warren.runtime.agent.ProcessEvent;
import dev.warren.server.auth.Caller;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The long-lived connections callers hold to spaces: web terminals and process streams (foreground output and
 * attach), each with the caller that opened it. A check of access happens when a connection opens; when access
 * changes later (a share removed, a space transferred) {@link #closeWhere} closes at once the connections whose
 * caller lost it, so nobody keeps a shell in a space that is no longer shared with them. Thread-safe.
 */
public final class SpaceSessions {
    private final Set<Tracked> open = ConcurrentHashMap.newKeySet();

    /**
     * Tracks {@code process} until it is closed; the caller uses the returned process instead. Closing it (by its
     * holder or by {@link #closeWhere}) forgets it.
     */
    AgentProcess track(Space space, Caller caller, AgentProcess process) {
        Tracked tracked = new Tracked(space.id(), space.name(), caller, process);
        open.add(tracked);
        return tracked;
    }

    /**
     * Tracks a file watch like a process stream: closing the returned watch forgets it, and a caller who loses access
     * to the space loses the watch at once.
     */
    FileWatch track(Space space, Caller caller, FileWatch watch) {
        Tracked tracked = new Tracked(space.id(), space.name(), caller, new WatchConnection(watch));
        open.add(tracked);
        return new FileWatch() {
            @Override
            public boolean isOpen() {
                return watch.isOpen();
            }

            @Override
            public void close() {
                tracked.close();
            }
        };
    }

    /**
     * Closes every open connection to the space whose caller {@code lostAccess} says may no longer use it.
     *
     * @return how many were closed
     */
    int closeWhere(String spaceId, Predicate<Caller> lostAccess) {
        List<Tracked> ending = open.stream().filter(session -> session.spaceId.equals(spaceId)).toList();
        int closed = 0;
        for (Tracked session : ending) {
            if (lostAccess.test(session.caller)) {
                session.revoke("Your access to space '" + session.spaceName + "' was removed.");
                closed++;
            }
        }
        return closed;
    }

    /** Whether a terminal, process stream or watch of the space is open now (it is in use). */
    public boolean hasOpen(String spaceId) {
        return open.stream().anyMatch(session -> session.spaceId.equals(spaceId));
    }

    /** Every connection open now (a stopping server waits for requests in flight but not for these). */
    public int openCount() {
        return open.size();
    }

    /** Closes every open connection, each reading as ended with {@code reason} (a server shutting down). */
    public int closeAll(String reason) {
        int closed = 0;
        for (Tracked session : List.copyOf(open)) {
            session.revoke(reason);
            closed++;
        }
        return closed;
    }

    /** A watch held where process connections are: only closing it means anything. */
    private record WatchConnection(FileWatch watch) implements AgentProcess {
        @Override
        public int pid() {
            return 0;
        }

        @Override
        public ProcessEvent next() {
            return null;
        }

        @Override
        public void writeStdin(byte[] data) {
            throw new UnsupportedOperationException("A file watch has no stdin.");
        }

        @Override
        public void closeStdin() {
            throw new UnsupportedOperationException("A file watch has no stdin.");
        }

        @Override
        public void resize(int cols, int rows) {
            throw new UnsupportedOperationException("A file watch has no terminal.");
        }

        @Override
        public void signal(int signal) {
            throw new UnsupportedOperationException("A file watch is not a process.");
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    /** A process that leaves the registry when closed, and reads as ended with a sentence when revoked. */
    private final class Tracked implements AgentProcess {
        private final String spaceId;
        private final String spaceName;
        private final Caller caller;
        private final AgentProcess process;
        private volatile String revoked;

        Tracked(String spaceId, String spaceName, Caller caller, AgentProcess process) {
            this.spaceId = spaceId;
            this.spaceName = spaceName;
            this.caller = caller;
            this.process = process;
        }

        void revoke(String reason) {
            revoked = reason;
            close();
        }

        @Override
        public int pid() {
            return process.pid();
        }

        @Override
        public ProcessEvent next() throws IOException {
            ProcessEvent event = revoked != null ? null : process.next();
            if (revoked != null) {
                throw new AgentUnavailableException(revoked);
            }
            return event;
        }

        @Override
        public void writeStdin(byte[] data) {
            process.writeStdin(data);
        }

        @Override
        public void closeStdin() {
            process.closeStdin();
        }

        @Override
        public void resize(int cols, int rows) {
            process.resize(cols, rows);
        }

        @Override
        public void signal(int signal) {
            process.signal(signal);
        }

        @Override
        public void close() {
            open.remove(this);
            process.close();
        }
    }
}
