package io.github.flinko11y.exporter.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests of one connection in turn (HTTP/1.1 keep-alive, as Prometheus keeps one
 * connection per target): each request head must arrive within the request deadline; between
 * requests the connection may stay idle up to the idle timeout. Blocking I/O throughout, so a
 * server with nothing to do uses no CPU (the JDK's server wakes its dispatcher every second).
 */
final class Connection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int WRITE_BUFFER = 16 * 1024;

    private final Socket socket;
    private final RequestHandler handler;
    private final ConnectionWorkers workers;
    private final Timeouts timeouts;
    private final LongAdder expired;
    /** For chunked (gzip) bodies; kept for the next response on this connection. */
    private byte[] chunkSpace;

    /** How long a request head may take, and how long a kept-alive connection may wait for the next. */
    static final class Timeouts {
        private final long requestDeadlineNanos;
        private final int idleMillis;

        private Timeouts(long requestDeadlineNanos, int idleMillis) {
            this.requestDeadlineNanos = requestDeadlineNanos;
            this.idleMillis = idleMillis;
        }

        static Timeouts of(long requestDeadline, long idle, TimeUnit unit) {
            return new Timeouts(unit.toNanos(requestDeadline), (int) unit.toMillis(idle));
        }

        long requestDeadlineNanos() {
            return requestDeadlineNanos;
        }

        int idleMillis() {
            return idleMillis;
        }
    }

    Connection(Socket socket, RequestHandler handler, ConnectionWorkers workers, Timeouts timeouts, LongAdder expired) {
        this.socket = socket;
        this.handler = handler;
        this.workers = workers;
        this.timeouts = timeouts;
        this.expired = expired;
    }

    @Override
    public void run() {
        // The deadline of the first request counts from when a worker takes the connection, and
        // covers the TLS handshake, which happens on the first read.
        long deadline = System.nanoTime() + timeouts.requestDeadlineNanos();
        try {
            socket.setTcpNoDelay(true);
            RequestReader reader = new RequestReader(socket);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), WRITE_BUFFER);
            InetSocketAddress client = (InetSocketAddress) socket.getRemoteSocketAddress();
            while (true) {
                RequestHead head;
                try {
                    head = reader.read(deadline);
                } catch (RequestHead.BadRequest e) {
                    refuse(out, e);
                    return;
                }
                if (head == null) {
                    return;
                }
                Exchange exchange = new Exchange(head, client, out, this::chunkSpace);
                try {
                    handler.handle(exchange);
                } catch (RuntimeException e) {
                    LOG.warn("The metrics endpoint failed to answer {} {}.", head.method(), head.path(), e);
                    if (!exchange.headersSent()) {
                        exchange.sendHeaders(500, Exchange.NO_BODY);
                        exchange.complete();
                    }
                    return;
                }
                if (!exchange.headersSent()) {
                    exchange.sendHeaders(500, Exchange.NO_BODY);
                }
                exchange.complete();
                if (!exchange.keepAlive()) {
                    return;
                }
                workers.idle(this);
                boolean another = reader.awaitAnother(timeouts.idleMillis());
                workers.busy(this);
                if (!another) {
                    return;
                }
                deadline = System.nanoTime() + timeouts.requestDeadlineNanos();
            }
        } catch (SocketTimeoutException e) {
            expired.increment();
            LOG.debug("Closed a connection that did not send its request within the deadline.");
        } catch (IOException e) {
            // The client went away, or the connection was closed to free its thread.
            LOG.debug("Metrics connection ended: {}", e.toString());
        } finally {
            workers.closed(this);
            close();
        }
    }

    private static void refuse(OutputStream out, RequestHead.BadRequest e) throws IOException {
        byte[] text = ("Bad request: " + e.getMessage() + ".\n").getBytes(StandardCharsets.UTF_8);
        new ResponseHead(e.status)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Content-Length", text.length)
                .header("Connection", "close")
                .writeTo(out);
        out.write(text);
        out.flush();
    }

    private byte[] chunkSpace() {
        if (chunkSpace == null) {
            chunkSpace = ResponseBody.chunkSpace();
        }
        return chunkSpace;
    }

    /** Closes the socket; a thread blocked reading it returns. */
    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a metrics connection failed.", e);
        }
    }
}
