package io.github.flinko11y.flinktests.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/** One HTTP GET against a metrics endpoint, as Prometheus sends it. */
public final class Scrape {

    public final int status;
    public final String contentType;
    /** Null when the body is not encoded. */
    public final String contentEncoding;
    /** The bytes on the wire (still gzip-compressed when {@link #contentEncoding} is gzip). */
    public final byte[] rawBody;
    /** The decoded body. */
    public final String body;

    private Scrape(int status, String contentType, String contentEncoding, byte[] rawBody, String body) {
        this.status = status;
        this.contentType = contentType;
        this.contentEncoding = contentEncoding;
        this.rawBody = rawBody;
        this.body = body;
    }

    /** GETs {@code http://127.0.0.1:<port><path>}; IOException when the connection fails. */
    public static Scrape get(int port, String path, boolean acceptGzip) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        if (acceptGzip) {
            connection.setRequestProperty("Accept-Encoding", "gzip");
        }
        try {
            int status = connection.getResponseCode();
            InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            byte[] raw = in == null ? new byte[0] : readAll(in);
            String encoding = connection.getContentEncoding();
            byte[] decoded =
                    "gzip".equals(encoding) ? readAll(new GZIPInputStream(new ByteArrayInputStream(raw))) : raw;
            return new Scrape(status, connection.getContentType(), encoding, raw,
                    new String(decoded, StandardCharsets.UTF_8));
        } finally {
            connection.disconnect();
        }
    }

    /** A plain scrape of {@code /metrics} that must answer 200; returns the parsed body. */
    public static Exposition metrics(int port) {
        try {
            Scrape scrape = get(port, "/metrics", false);
            if (scrape.status != 200) {
                throw new AssertionError("GET /metrics on port " + port + " answered " + scrape.status
                        + ": " + scrape.body);
            }
            return Exposition.parse(scrape.body);
        } catch (IOException e) {
            throw new UncheckedIOException("GET /metrics on port " + port + " failed", e);
        }
    }

    /** The body of a plain {@code /metrics} scrape that must answer 200. */
    public static String metricsText(int port) {
        try {
            Scrape scrape = get(port, "/metrics", false);
            if (scrape.status != 200) {
                throw new AssertionError("GET /metrics on port " + port + " answered " + scrape.status);
            }
            return scrape.body;
        } catch (IOException e) {
            throw new UncheckedIOException("GET /metrics on port " + port + " failed", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (InputStream i = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            i.transferTo(out);
            return out.toByteArray();
        }
    }
}
