package io.github.flinko11y.exporter.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.config.ExporterOptions;
import io.github.flinko11y.exporter.config.PortRange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.PrimitiveIterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport: binds the first free port of the configured range and hands requests to a
 * handler that knows nothing about the server. Uses the JDK's server, as simpleclient does.
 */
public final class MetricsHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);

    /** Enough for a Prometheus HA pair and a person with curl, without taking cores from Flink. */
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final int port;

    private MetricsHttpServer(HttpServer server, ExecutorService executor, int port) {
        this.server = server;
        this.executor = executor;
        this.port = port;
    }

    /** Starts serving {@code handler} on all interfaces; fails naming the key when no port binds. */
    public static MetricsHttpServer start(PortRange ports, HttpHandler handler) {
        IOException lastError = null;
        PrimitiveIterator.OfInt candidates = ports.iterator();
        while (candidates.hasNext()) {
            int candidate = candidates.nextInt();
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(candidate), 64);
            } catch (IOException e) {
                lastError = e;
                LOG.debug("Port {} is not free for the metrics endpoint.", candidate, e);
                continue;
            }
            ExecutorService executor = newExecutor();
            server.setExecutor(executor);
            server.createContext("/", handler);
            server.start();
            int bound = server.getAddress().getPort();
            LOG.info("Serving Flink metrics on http://0.0.0.0:{}/metrics", bound);
            return new MetricsHttpServer(server, executor, bound);
        }
        throw new ConfigException(
                ExporterOptions.PORT.fullKey() + ": none of the ports \"" + ports
                        + "\" could be bound (" + (lastError == null ? "no port" : lastError.getMessage())
                        + "); free one of them or configure a range with enough ports for every"
                        + " JobManager and TaskManager on the host",
                lastError);
    }

    private static ExecutorService newExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads =
                r -> {
                    Thread t = new Thread(r, "flink-o11y-metrics-http-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
        return new ThreadPoolExecutor(
                THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
