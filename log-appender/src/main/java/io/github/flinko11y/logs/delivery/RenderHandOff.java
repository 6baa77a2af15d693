package io.github.flinko11y.logs.delivery;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Takes logging events off Flink's threads: the logging call only queues the event, and one
 * thread per appender renders it into a Loki line and hands it to loki4j. loki4j renders on the
 * calling thread, which made rendering most of what a logging call cost.
 *
 * <p>The caller never wakes this thread (an unpark is a system call, slower than the whole
 * append); the thread looks for work every {@link #POLL_NANOS}, which adds at most that much to
 * the second loki4j already waits to fill a batch. The queue is bounded by the appender's cap on
 * pending lines, checked before an event is queued.
 */
final class RenderHandOff {

    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long STOP_WAIT_MS = 5_000;

    private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final Consumer<ILoggingEvent> render;
    private final Thread thread;
    private volatile boolean running = true;

    RenderHandOff(String appenderName, Consumer<ILoggingEvent> render) {
        this.render = render;
        this.thread = new Thread(this::run, "flink-o11y-loki-render-" + appenderName);
        this.thread.setDaemon(true); // the appender's stop and exit drain decide what is sent
    }

    void start() {
        thread.start();
    }

    /** Queues an event whose message, MDC and thread name were captured by the caller. */
    void offer(ILoggingEvent event) {
        queue.offer(event);
    }

    /** Events queued and not yet rendered, the one in progress included (walks the queue: for tests and diagnostics). */
    int waiting() {
        return queue.size();
    }

    /**
     * Stops rendering; what is still queued is left to the appender's shutdown count. Called after
     * the appender's drain deadline, so it does not wait for the queue.
     */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            ILoggingEvent event;
            // Removed only once rendered, so waiting() counts the line in progress (one consumer).
            while (running && (event = queue.peek()) != null) {
                render.accept(event);
                queue.poll();
            }
            LockSupport.parkNanos(this, POLL_NANOS);
        }
    }
}
