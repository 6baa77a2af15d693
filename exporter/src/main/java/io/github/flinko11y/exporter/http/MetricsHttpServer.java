package io.github.flinko11y.exporter.http;

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
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport: binds the first free port of the configured range and hands requests to a
 * handler that knows nothing about the server, over TLS and behind a credentials check when
 * configured. A blocking server of its own (one thread accepting, one worker per open
 * connection) rather than the JDK's, whose dispatcher wakes every second: at a 15 s scrape interval
 * that idle work cost more CPU than a ~1k-series scrape (docs/performance.md).
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
    /**
     * How long a kept-alive connection may wait for its next request: longer than the usual scrape
     * intervals, so Prometheus keeps one connection (and, over TLS, one handshake) per target.
     */
    private static final long IDLE_CONNECTION_SECONDS = 5 * 60;
    private static final int BACKLOG = 64;
    private static final String THREAD_PREFIX = "flink-o11y-metrics-http-";

    private final ServerSocket socket;
    private final ConnectionWorkers workers;
    private final RequestHandler handler;
    private final Connection.Timeouts timeouts;
    private final ExporterStats stats;
    private final Thread acceptor;
    private volatile boolean closed;

    private MetricsHttpServer(ServerSocket socket, RequestHandler handler, ExporterStats stats) {
        this.socket = socket;
        this.handler = handler;
        this.stats = stats;
        this.workers = new ConnectionWorkers(THREADS, THREAD_PREFIX);
        this.timeouts = Connection.Timeouts.of(REQUEST_DEADLINE_SECONDS, IDLE_CONNECTION_SECONDS, TimeUnit.SECONDS);
        this.acceptor = new Thread(this::accept, THREAD_PREFIX + "acceptor");
        acceptor.setDaemon(true);
    }

    /**
     * Serves {@code handler} on the configured host and first free port, over TLS and behind the
     * credentials check when configured; fails naming the key when the key material is unusable or
     * no port binds.
     */
    public static MetricsHttpServer start(ExporterConfig config, RequestHandler handler, ExporterStats stats) {
        SecurityConfig security = config.security();
        Optional<SSLContext> tls = security.tls().map(ServerTls::context);
        RequestHandler guarded = CredentialsFilter.of(security, stats).map(check -> check.guarding(handler)).orElse(handler);
        InetAddress host = config.host().orElse(null);
        PortRange ports = config.ports();
        IOException lastError = null;
        PrimitiveIterator.OfInt candidates = ports.iterator();
        while (candidates.hasNext()) {
            int candidate = candidates.nextInt();
            ServerSocket socket;
            try {
                socket = bind(new InetSocketAddress(host, candidate), tls);
            } catch (IOException e) {
                lastError = e;
                LOG.debug("Port {} is not free for the metrics endpoint.", candidate, e);
                continue;
            }
            MetricsHttpServer server = new MetricsHttpServer(socket, guarded, stats);
            server.acceptor.start();
            int bound = socket.getLocalPort();
            String protection = security.summary();
            LOG.info("Serving Flink metrics on {}://{}:{}/metrics{}", tls.isEmpty() ? "http" : "https",
                    host == null ? "0.0.0.0" : hostInUrl(host), bound,
                    protection.isEmpty() ? "" : " (" + protection + ")");
            if (tls.isEmpty() && security.requiresCredentials()
                    && (host == null || !host.isLoopbackAddress())) {
                LOG.warn("The metrics endpoint requires credentials but serves plain HTTP, so they"
                        + " cross the network readable by anyone on the path; configure"
                        + " tls.certificate and tls.privateKey (or tls.keystore) as well.");
            }
            return server;
        }
        throw new ConfigException(
                ExporterOptions.PORT.fullKey() + ": none of the ports \"" + ports
                        + "\" could be bound" + (host == null ? "" : " on " + host.getHostAddress())
                        + " (" + (lastError == null ? "no port" : lastError.getMessage())
                        + "); free one of them or configure a range with enough ports for every"
                        + " JobManager and TaskManager on the host",
                lastError);
    }

    private static ServerSocket bind(InetSocketAddress address, Optional<SSLContext> tls) throws IOException {
        ServerSocketFactory factory =
                tls.map(context -> (ServerSocketFactory) context.getServerSocketFactory())
                        .orElse(ServerSocketFactory.getDefault());
        ServerSocket socket = factory.createServerSocket();
        try {
            if (socket instanceof SSLServerSocket) {
                ((SSLServerSocket) socket).setEnabledProtocols(ServerTls.PROTOCOLS);
            }
            socket.bind(address, BACKLOG);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void accept() {
        while (!closed) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // e.g. out of file descriptors: log, and do not spin while it lasts
                LOG.warn("The metrics endpoint could not accept a connection: {}", e.toString());
                pauseAfterError();
                continue;
            }
            try {
                workers.serve(new Connection(connection, handler, workers, timeouts, stats.expiredRequests));
            } catch (RejectedExecutionException e) {
                closeQuietly(connection); // shutting down
            }
        }
    }

    private static void pauseAfterError() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("Closing a refused connection failed.", e);
        }
    }

    private static String hostInUrl(InetAddress host) {
        return host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The bound address: the wildcard address unless a host is configured. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing the metrics endpoint's socket failed.", e);
        }
        workers.shutdown();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
