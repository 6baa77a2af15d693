package io.github.flinko11y.exporter.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/** A real HTTPS request to 127.0.0.1, as Prometheus makes it with tls_config and credentials. */
public final class Https {

    private Https() {}

    public static final class Response {
        public final int status;
        public final String body;
        private final Map<String, List<String>> headers;

        Response(int status, String body, Map<String, List<String>> headers) {
            this.status = status;
            this.body = body;
            this.headers = headers;
        }

        /** Every value of a response header, whatever the case of its name. */
        public List<String> header(String name) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (name.equalsIgnoreCase(e.getKey())) {
                    values.addAll(e.getValue());
                }
            }
            return values;
        }
    }

    /**
     * {@code authorization} is the full header value, or null for none. Pass the same {@code trust}
     * factory to reuse connections, as Prometheus does.
     */
    public static Response get(SSLSocketFactory trust, int port, String path, String authorization)
            throws IOException {
        HttpsURLConnection c =
                (HttpsURLConnection) new URL("https://127.0.0.1:" + port + path).openConnection();
        c.setSSLSocketFactory(trust);
        c.setConnectTimeout(5000);
        c.setReadTimeout(30000);
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (in != null) {
            try (InputStream i = in) {
                i.transferTo(out);
            }
        }
        return new Response(status, out.toString(StandardCharsets.UTF_8), c.getHeaderFields());
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
