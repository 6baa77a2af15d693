package io.github.flinko11y.exporter.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.config.ExporterOptions;
import io.github.flinko11y.exporter.config.PortRange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.PrimitiveIterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport: binds the first free port of the configured range and hands requests to a
 * handler that knows nothing about the server. Uses the JDK's server, as simpleclient does.
 */
public final class MetricsHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);

    /**
     * Workers for connections: enough that clients stuck sending their request (cut off after the
     * deadline) cannot starve Prometheus. Scrapes themselves are limited separately, in the handler.
     */
    private static final int THREADS = 32;

    /** How long a connection may take to send its request headers; Prometheus sends them at once. */
    private static final long REQUEST_DEADLINE_SECONDS = 10;

    private final HttpServer server;
    private final RequestDeadlines workers;
    private final int port;

    private MetricsHttpServer(HttpServer server, RequestDeadlines workers, int port) {
        this.server = server;
        this.workers = workers;
        this.port = port;
    }

    /** Starts serving {@code handler} on all interfaces; fails naming the key when no port binds. */
    public static MetricsHttpServer start(PortRange ports, HttpHandler handler) {
        return start(ports, handler, new LongAdder());
    }

    /** As {@link #start(PortRange, HttpHandler)}; {@code expiredRequests} counts requests cut off. */
    public static MetricsHttpServer start(PortRange ports, HttpHandler handler, LongAdder expiredRequests) {
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
            RequestDeadlines workers =
                    new RequestDeadlines(THREADS, REQUEST_DEADLINE_SECONDS, TimeUnit.SECONDS, expiredRequests);
            server.setExecutor(workers.workers());
            HttpContext context = server.createContext("/", handler);
            context.getFilters().add(0, workers.arrivedFilter());
            server.start();
            int bound = server.getAddress().getPort();
            LOG.info("Serving Flink metrics on http://0.0.0.0:{}/metrics", bound);
            return new MetricsHttpServer(server, workers, bound);
        }
        throw new ConfigException(
                ExporterOptions.PORT.fullKey() + ": none of the ports \"" + ports
                        + "\" could be bound (" + (lastError == null ? "no port" : lastError.getMessage())
                        + "); free one of them or configure a range with enough ports for every"
                        + " JobManager and TaskManager on the host",
                lastError);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdown();
    }
}
