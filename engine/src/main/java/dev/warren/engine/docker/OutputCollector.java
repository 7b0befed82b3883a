package dev.warren.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;

/**
 * Collects an exec's stdout and stderr up to a cap each. Output past the cap is read and dropped (so the
 * process never blocks on a full pipe) and {@link #truncated()} says so.
 */
final class OutputCollector extends ResultCallback.Adapter<Frame> {
    private final int cap;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private boolean truncated;

    OutputCollector(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null) {
            return;
        }
        var target = frame.getStreamType() == StreamType.STDERR ? stderr : stdout;
        int room = cap - target.size();
        if (payload.length > room) {
            truncated = true;
        }
        target.write(payload, 0, Math.max(0, Math.min(room, payload.length)));
    }

    synchronized byte[] stdout() {
        return stdout.toByteArray();
    }

    synchronized byte[] stderr() {
        return stderr.toByteArray();
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
