package io.github.flinko11y.exporter.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.config.ExporterConfig;
import io.github.flinko11y.exporter.config.ExporterOptions;
import io.github.flinko11y.exporter.config.PortRange;
import io.github.flinko11y.exporter.config.SecurityConfig;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport: binds the first free port of the configured range and hands requests to a
 * handler that knows nothing about the server, over TLS and behind a credentials check when
 * configured. Uses the JDK's server, as simpleclient does.
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
    private static final int BACKLOG = 64;

    private final HttpServer server;
    private final RequestDeadlines workers;
    private final int port;

    private MetricsHttpServer(HttpServer server, RequestDeadlines workers, int port) {
        this.server = server;
        this.workers = workers;
        this.port = port;
    }

    /**
     * Serves {@code handler} on the configured host and first free port, over TLS and behind the
     * credentials check when configured; fails naming the key when the key material is unusable or
     * no port binds.
     */
    public static MetricsHttpServer start(ExporterConfig config, HttpHandler handler, ExporterStats stats) {
        SecurityConfig security = config.security();
        HttpsConfigurator tls = security.tls().map(ServerTls::configurator).orElse(null);
        Optional<Filter> credentials = CredentialsFilter.of(security, stats);
        InetAddress host = config.host().orElse(null);
        PortRange ports = config.ports();
        IOException lastError = null;
        PrimitiveIterator.OfInt candidates = ports.iterator();
        while (candidates.hasNext()) {
            int candidate = candidates.nextInt();
            HttpServer server;
            try {
                server = bind(new InetSocketAddress(host, candidate), tls);
            } catch (IOException e) {
                lastError = e;
                LOG.debug("Port {} is not free for the metrics endpoint.", candidate, e);
                continue;
            }
            RequestDeadlines workers = new RequestDeadlines(
                    THREADS, REQUEST_DEADLINE_SECONDS, TimeUnit.SECONDS, stats.expiredRequests);
            server.setExecutor(workers.workers());
            HttpContext context = server.createContext("/", handler);
            context.getFilters().add(workers.arrivedFilter()); // first: the request is in
            credentials.ifPresent(context.getFilters()::add);
            server.start();
            int bound = server.getAddress().getPort();
            String protection = security.summary();
            LOG.info("Serving Flink metrics on {}://{}:{}/metrics{}", tls == null ? "http" : "https",
                    host == null ? "0.0.0.0" : hostInUrl(host), bound,
                    protection.isEmpty() ? "" : " (" + protection + ")");
            if (tls == null && security.requiresCredentials()
                    && (host == null || !host.isLoopbackAddress())) {
                LOG.warn("The metrics endpoint requires credentials but serves plain HTTP, so they"
                        + " cross the network readable by anyone on the path; configure"
                        + " tls.certificate and tls.privateKey (or tls.keystore) as well.");
            }
            return new MetricsHttpServer(server, workers, bound);
        }
        throw new ConfigException(
                ExporterOptions.PORT.fullKey() + ": none of the ports \"" + ports
                        + "\" could be bound" + (host == null ? "" : " on " + host.getHostAddress())
                        + " (" + (lastError == null ? "no port" : lastError.getMessage())
                        + "); free one of them or configure a range with enough ports for every"
                        + " JobManager and TaskManager on the host",
                lastError);
    }

    private static HttpServer bind(InetSocketAddress address, HttpsConfigurator tls) throws IOException {
        if (tls == null) {
            return HttpServer.create(address, BACKLOG);
        }
        HttpsServer server = HttpsServer.create(address, BACKLOG);
        server.setHttpsConfigurator(tls);
        return server;
    }

    private static String hostInUrl(InetAddress host) {
        return host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
    }

    public int port() {
        return port;
    }

    /** The bound address: the wildcard address unless a host is configured. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdown();
    }
}
