package io.github.flinko11y.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.exposition.TextFormatWriter;
import io.github.flinko11y.exporter.registry.SeriesRegistry;
import io.github.flinko11y.exporter.registry.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} (and {@code /}, as Flink's reporter does) and {@code /-/healthy}. The
 * body is streamed with chunked encoding, never buffered whole.
 */
public final class ScrapeHandler implements HttpHandler {

    /** Open even when credentials are required: probes call it, and it carries no metric data. */
    public static final String HEALTH_PATH = "/-/healthy";

    private static final Logger LOG = LoggerFactory.getLogger(ScrapeHandler.class);
    private static final int GZIP_BUFFER = 64 * 1024;

    private final SeriesRegistry registry;
    private final TextFormatWriter writer;
    private final ExporterStats stats;

    public ScrapeHandler(SeriesRegistry registry, ExporterStats stats) {
        this.registry = registry;
        this.writer = new TextFormatWriter(stats);
        this.stats = stats;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendText(exchange, 405, "Only GET and HEAD are served.\n");
            } else if (path.equals("/metrics") || path.equals("/")) {
                serveMetrics(exchange, method.equals("HEAD"));
            } else if (path.equals(HEALTH_PATH)) {
                sendText(exchange, 200, "Exporter is healthy.\n");
            } else {
                sendText(exchange, 404, "Not found; metrics are served on /metrics.\n");
            }
        } catch (IOException e) {
            // The client went away mid-response; nothing else is affected.
            stats.abortedScrapes.increment();
            LOG.debug("Metrics response aborted.", e);
        } finally {
            exchange.close();
        }
    }

    private void serveMetrics(HttpExchange exchange, boolean headOnly) throws IOException {
        Snapshot snapshot = registry.snapshot();
        boolean gzip = acceptsGzip(exchange.getRequestHeaders().get("Accept-Encoding"));
        exchange.getResponseHeaders().set("Content-Type", TextFormatWriter.CONTENT_TYPE_004);
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        if (headOnly) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        TextFormatWriter.Prepared scrape = writer.prepare(snapshot);
        // Plain: exact length, so the body goes out in large writes; gzip: chunked, it is small.
        exchange.sendResponseHeaders(200, gzip ? 0 : scrape.contentLength());
        OutputStream raw = exchange.getResponseBody();
        try (OutputStream body = gzip ? new FastGzipOutputStream(raw) : raw) {
            scrape.writeTo(body);
        }
        stats.scrapes.increment();
    }

    static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String header : acceptEncoding) {
            for (String coding : header.split(",")) {
                String[] parts = coding.trim().split(";");
                if (parts[0].trim().equalsIgnoreCase("gzip") && !hasZeroQuality(parts)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasZeroQuality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim()) == 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * Level 1 deflate: the text format repeats itself so much that it compresses nearly as well as
     * at the default level, for a fraction of the CPU a large scrape costs.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, GZIP_BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
