package io.github.flinko11y.exporter.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server's worker pool, with a deadline for receiving a request.
 *
 * <p>The JDK server reads a request's headers on a worker thread, with a blocking read and no
 * timeout of its own (short of a JVM-wide system property). A client that stops halfway through its
 * headers would hold a worker for as long as it keeps the connection open, and a handful of them
 * would take the endpoint away from Prometheus. Here a watchdog interrupts a worker that has waited
 * longer than the deadline for a request to arrive; the interrupt closes that connection only
 * (socket channels are interruptible) and frees the worker. Once the headers are in, the
 * {@link #arrivedFilter() filter} takes the worker off the watch list: a large scrape may take as
 * long as it needs.
 */
final class RequestDeadlines {

    private final long deadlineNanos;
    private final Map<Thread, Long> waitingSince = new ConcurrentHashMap<>();
    private final LongAdder expired;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;

    RequestDeadlines(int threads, long deadline, TimeUnit unit, LongAdder expired) {
        this.deadlineNanos = unit.toNanos(deadline);
        this.expired = expired;
        AtomicInteger count = new AtomicInteger();
        LinkedTransferQueue<Runnable> queue = new LinkedTransferQueue<>();
        // core = max with core threads timing out: an idle server keeps no thread. Left to itself,
        // such a pool starts a new thread for every task while it is below the core size, even
        // with idle workers waiting: at a 15 s scrape interval every scrape paid a thread start
        // (and an exit 30 s later). So a task is handed straight to a waiting worker when there is
        // one (tryTransfer: only to a worker blocked on the queue, atomically).
        this.workers = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, queue,
                r -> daemon(r, "flink-o11y-metrics-http-" + count.incrementAndGet())) {
            @Override
            public void execute(Runnable task) {
                if (queue.tryTransfer(task)) {
                    return;
                }
                super.execute(task);
            }

            @Override
            protected void beforeExecute(Thread worker, Runnable task) {
                waitingSince.put(worker, System.nanoTime());
            }

            @Override
            protected void afterExecute(Runnable task, Throwable failure) {
                waitingSince.remove(Thread.currentThread());
            }
        };
        workers.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor timer =
                new ScheduledThreadPoolExecutor(1, r -> daemon(r, "flink-o11y-metrics-http-deadlines"));
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), deadlineNanos / 4);
        timer.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.NANOSECONDS);
        this.watchdog = timer;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    ThreadPoolExecutor workers() {
        return workers;
    }

    /** First filter of every context: the request has arrived, the deadline no longer applies. */
    Filter arrivedFilter() {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                waitingSince.remove(Thread.currentThread());
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "ends the request deadline once the headers are in";
            }
        };
    }

    private void expire() {
        long now = System.nanoTime();
        for (Map.Entry<Thread, Long> waiting : waitingSince.entrySet()) {
            // remove(key, value): only if that worker is still waiting for the same request
            if (now - waiting.getValue() > deadlineNanos
                    && waitingSince.remove(waiting.getKey(), waiting.getValue())) {
                expired.increment();
                waiting.getKey().interrupt();
            }
        }
    }

    void shutdown() {
        watchdog.shutdownNow();
        workers.shutdownNow();
    }
}
