package io.github.flinko11y.logs.delivery;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * How many lines each encoded batch holds, keyed by the very buffer loki4j writes the batch into
 * and later hands to the HTTP client (its send queue passes the same {@link ByteBuffer} object
 * along). Identity, not equality: buffers are pooled and compared by content otherwise.
 */
final class BatchLineCounts {

    private final Map<ByteBuffer, Integer> lines = new IdentityHashMap<>();

    synchronized void put(ByteBuffer batch, int lineCount) {
        lines.put(batch, lineCount);
    }

    /** The lines of a batch on its first send attempt; 0 for a buffer never seen. */
    synchronized int get(ByteBuffer batch) {
        Integer count = lines.get(batch);
        return count == null ? 0 : count;
    }

    /** Forgets a batch once it is sent or given up (buffers can be replaced in loki4j's pool). */
    synchronized void remove(ByteBuffer batch) {
        lines.remove(batch);
    }
}
