package io.github.flinko11y.exporter.http;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.scrape.ScrapeContent;
import io.github.flinko11y.exporter.scrape.ScrapeBody;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} (and {@code /}, as Flink's reporter does) and {@code /-/healthy}. The
 * body is streamed, never buffered whole: fixed-length when its size is known, else chunked.
 */
public final class ScrapeHandler implements RequestHandler {

    /** Open even when credentials are required: probes call it, and it carries no metric data. */
    public static final String HEALTH_PATH = "/-/healthy";

    private static final Logger LOG = LoggerFactory.getLogger(ScrapeHandler.class);
    private static final int GZIP_BUFFER = 64 * 1024;

    /**
     * Scrapes prepared at once: each holds its formatted values (a few MB at 100k series) while it
     * writes, so a burst of scrapers must not multiply that by the number of HTTP workers.
     */
    private static final int CONCURRENT_SCRAPES = 4;

    private final ScrapeContent exposition;
    private final ExporterStats stats;
    private final Semaphore scrapeSlots = new Semaphore(CONCURRENT_SCRAPES, true);

    public ScrapeHandler(ScrapeContent exposition, ExporterStats stats) {
        this.exposition = exposition;
        this.stats = stats;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        try {
            String path = exchange.path();
            String method = exchange.method();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.setHeader("Allow", "GET, HEAD");
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
            throw e;
        }
    }

    private void serveMetrics(Exchange exchange, boolean headOnly) throws IOException {
        long start = System.nanoTime();
        ScrapeContent.Format format = exposition.negotiate(exchange.header("Accept"));
        boolean gzip = acceptsGzip(exchange.headers("Accept-Encoding"));
        exchange.setHeader("Content-Type", format.contentType());
        if (gzip) {
            exchange.setHeader("Content-Encoding", "gzip");
        }
        if (headOnly) {
            exchange.sendHeaders(200, Exchange.NO_BODY);
            return;
        }
        scrapeSlots.acquireUninterruptibly();
        try {
            stats.scrapes.increment(); // before preparing: the count served includes this scrape
            writeBody(exchange, format, gzip);
        } finally {
            scrapeSlots.release();
        }
        stats.lastScrapeNanos.set(System.nanoTime() - start);
    }

    private void writeBody(Exchange exchange, ScrapeContent.Format format, boolean gzip) throws IOException {
        ScrapeBody body = exposition.prepare(format, exchange.rawQuery());
        // Plain with a known length: fixed-length, so the body goes out in large writes; gzip and
        // OpenMetrics: chunked.
        long length = body.contentLength();
        exchange.sendHeaders(200, gzip || length <= 0 ? Exchange.CHUNKED : length);
        OutputStream raw = exchange.body();
        try (OutputStream out = gzip ? new FastGzipOutputStream(raw) : raw) {
            body.writeTo(out);
        }
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

    private static void sendText(Exchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.setHeader("Content-Type", "text/plain; charset=utf-8");
        exchange.sendHeaders(status, bytes.length);
        exchange.body().write(bytes); // nothing goes out for HEAD
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
