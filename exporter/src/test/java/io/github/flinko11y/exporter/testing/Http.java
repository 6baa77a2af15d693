package io.github.flinko11y.exporter.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/** A real HTTP scrape, as Prometheus does it. */
public final class Http {

    private Http() {}

    public static final class Response {
        public final int status;
        public final String contentType;
        public final String contentEncoding;
        public final String body;

        Response(int status, String contentType, String contentEncoding, String body) {
            this.status = status;
            this.contentType = contentType;
            this.contentEncoding = contentEncoding;
            this.body = body;
        }
    }

    public static Response get(int port, String path, boolean gzip) throws IOException {
        return get(port, path, gzip, null);
    }

    /** With an {@code Accept} header when {@code accept} is not null. */
    public static Response get(int port, String path, boolean gzip, String accept) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(30000);
        if (gzip) {
            c.setRequestProperty("Accept-Encoding", "gzip");
        }
        if (accept != null) {
            c.setRequestProperty("Accept", accept);
        }
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        if ("gzip".equals(c.getContentEncoding())) {
            in = new GZIPInputStream(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (in != null) {
            try (InputStream i = in) {
                i.transferTo(out);
            }
        }
        return new Response(status, c.getContentType(), c.getContentEncoding(),
                out.toString(StandardCharsets.UTF_8));
    }

    public static String scrape(int port) throws IOException {
        Response r = get(port, "/metrics", false);
        if (r.status != 200) {
            throw new IOException("scrape returned " + r.status + ": " + r.body);
        }
        return r.body;
    }
}
