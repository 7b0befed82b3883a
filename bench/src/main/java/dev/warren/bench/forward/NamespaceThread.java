package dev.warren.bench.forward;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A platform thread that lives in a container's network namespace for good, so the benchmark can open sockets
 * there (a client in the source space, servers in the target space) exactly as a process in that space would.
 * Sockets keep their namespace when used from other threads.
 */
final class NamespaceThread implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = LINKER.downcallHandle(LINKER.defaultLookup().find("setns")
            .orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close")
            .orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("bench-netns").daemon(true).factory());

    NamespaceThread(long pid) throws Exception {
        call(() -> {
            try (Arena arena = Arena.ofConfined()) {
                int fd = (int) OPEN.invokeExact(arena.allocateFrom("/proc/" + pid + "/ns/net"), 0x80000, 0);
                if (fd < 0) {
                    throw new IllegalStateException("Cannot open the namespace of process " + pid);
                }
                int result = (int) SETNS.invokeExact(fd, 0x40000000);
                int ignored = (int) CLOSE.invokeExact(fd);
                if (result != 0) {
                    throw new IllegalStateException("setns failed for process " + pid);
                }
                return null;
            } catch (Throwable error) {
                throw new IllegalStateException(error);
            }
        });
    }

    <T> T call(Callable<T> work) throws Exception {
        return thread.submit(work).get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
