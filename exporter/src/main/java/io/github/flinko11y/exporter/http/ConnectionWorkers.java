package io.github.flinko11y.exporter.http;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that serve connections, one connection per thread while it is open. A kept-alive
 * connection waiting for its next request holds its thread (blocked, no CPU); when every thread is
 * taken, the longest-known of those idle connections is closed to make room, so idle clients cannot
 * keep Prometheus out.
 */
final class ConnectionWorkers {

    /** Idle threads end after this long; an idle thread costs no CPU, starting one does. */
    private static final long IDLE_THREAD_MINUTES = 5;

    private final int threads;
    private final ThreadPoolExecutor pool;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Set<Connection> idle = ConcurrentHashMap.newKeySet();

    ConnectionWorkers(int threads, String namePrefix) {
        this.threads = threads;
        AtomicInteger count = new AtomicInteger();
        LinkedTransferQueue<Runnable> queue = new LinkedTransferQueue<>();
        // core = max with core threads timing out: an idle server keeps no thread for long. Left to
        // itself, such a pool starts a new thread for every task while it is below the core size,
        // even with idle workers waiting; so a task goes straight to a waiting worker when there is
        // one (tryTransfer: only to a worker blocked on the queue, atomically).
        this.pool = new ThreadPoolExecutor(
                threads, threads, IDLE_THREAD_MINUTES, TimeUnit.MINUTES, queue,
                r -> daemon(r, namePrefix + count.incrementAndGet())) {
            @Override
            public void execute(Runnable task) {
                if (queue.tryTransfer(task)) {
                    return;
                }
                super.execute(task);
            }
        };
        pool.allowCoreThreadTimeOut(true);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Serves a new connection; when all threads are busy, closes an idle kept-alive one for it. */
    void serve(Connection connection) {
        open.add(connection);
        try {
            pool.execute(connection);
        } catch (RejectedExecutionException e) { // shutting down: the acceptor closes the socket
            open.remove(connection);
            throw e;
        }
        if (pool.getActiveCount() >= threads) {
            Iterator<Connection> waiting = idle.iterator();
            if (waiting.hasNext()) {
                Connection reclaimed = waiting.next();
                idle.remove(reclaimed);
                reclaimed.close();
            }
        }
    }

    /** The connection waits for another request: it may be closed to free its thread. */
    void idle(Connection connection) {
        idle.add(connection);
    }

    /** A request has started on the connection (or it is closing). */
    void busy(Connection connection) {
        idle.remove(connection);
    }

    void closed(Connection connection) {
        idle.remove(connection);
        open.remove(connection);
    }

    /** Closes every connection and stops the threads. */
    void shutdown() {
        pool.shutdownNow();
        for (Connection connection : open) {
            connection.close();
        }
    }

    ThreadPoolExecutor pool() {
        return pool;
    }
}
