package io.github.flinko11y.logs.delivery;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every line the Loki appender is handed until it is sent or dropped. Per-line counts are
 * lock-free (they run on Flink's logging threads); per-batch outcomes are rare and synchronised, so
 * that closing at the shutdown deadline settles the remaining lines exactly once.
 */
public final class DeliveryCounters implements DeliveryCountersMBean {

    /** JMX object name of an appender's counters, followed by the appender's name. */
    public static final String OBJECT_NAME_PREFIX = "io.github.flinko11y:type=LokiAppender,name=";

    /**
     * Lines taken and not yet sent or dropped: queued for rendering, in loki4j's unbounded queue,
     * in its send queue, or in the request in flight.
     */
    private final AtomicLong pending = new AtomicLong();
    private final LongAdder droppedQueueFull = new LongAdder();
    private long sent;
    private long droppedRejected;
    private long droppedAtShutdown;
    private long sendErrors;
    private boolean closed;

    /** A logging call handed the appender a line. */
    void taken() {
        pending.incrementAndGet();
    }

    /** Lines in the pipeline now: cheap enough for every logging call. */
    long pending() {
        return pending.get();
    }

    /** A line was refused at the logging call: the cap on pending lines was reached. */
    void droppedQueueFull() {
        droppedQueueFull.increment();
    }

    /** A taken line was refused by loki4j: its send queue was full. */
    synchronized void refusedByPipeline() {
        pending.decrementAndGet();
        if (!closed) {
            droppedQueueFull.increment();
        }
    }

    /** Loki accepted a batch. After {@link #close()} nothing counts as sent any more. */
    synchronized void sent(int lines) {
        pending.addAndGet(-lines);
        if (!closed) {
            sent += lines;
        }
    }

    /** A taken line longer than a whole batch, or one that failed to render: loki4j drops it with a status message. */
    synchronized void droppedUnsendable() {
        pending.decrementAndGet();
        if (!closed) {
            droppedRejected++;
        }
    }

    /** A batch was given up: Loki rejected it or every retry failed. */
    synchronized void rejected(int lines) {
        pending.addAndGet(-lines);
        if (!closed) {
            droppedRejected += lines;
            sendErrors++;
        }
    }

    /**
     * The shutdown deadline passed: what is still pending is dropped, and later outcomes of batches
     * in flight no longer count. Returns the lines dropped here.
     */
    synchronized long close() {
        if (closed) {
            return 0;
        }
        long pending = getLinesPending();
        droppedAtShutdown += pending;
        closed = true;
        return pending;
    }

    @Override
    public synchronized long getLinesSent() {
        return sent;
    }

    @Override
    public synchronized long getLinesDropped() {
        return droppedQueueFull.sum() + droppedRejected + droppedAtShutdown;
    }

    @Override
    public long getLinesDroppedQueueFull() {
        return droppedQueueFull.sum();
    }

    @Override
    public synchronized long getLinesDroppedRejected() {
        return droppedRejected;
    }

    @Override
    public synchronized long getLinesDroppedAtShutdown() {
        return droppedAtShutdown;
    }

    @Override
    public synchronized long getSendErrors() {
        return sendErrors;
    }

    @Override
    public synchronized long getLinesPending() {
        return closed ? 0 : Math.max(0, pending.get());
    }
}
