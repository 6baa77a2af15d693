package io.github.flinko11y.testsupport.servers;

import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.process.ManagedProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Debian package's Pushgateway on a loopback port, in memory (no persistence file), optionally
 * behind basic authentication. Its output and web config go to the directory it is started in, so
 * run one gateway at a time per directory; a gateway restarted on the same port may reuse it.
 *
 * <p>Every request of this class opens its own connection and closes it, so none is left where an
 * exporter under test, in the same JVM, could pick it up.
 */
public final class PushgatewayServer implements AutoCloseable {
    public static final Path BINARY = Paths.get("/usr/bin/prometheus-pushgateway");
    private static final String NAME = "pushgateway";

    private final ManagedProcess process;
    private final int port;
    private final String authorization;

    private PushgatewayServer(ManagedProcess process, int port, String authorization) {
        this.process = process;
        this.port = port;
        this.authorization = authorization;
    }

    /** Starts the Pushgateway on a free port, its output in {@code dir}; returns when it is ready. */
    public static PushgatewayServer start(Path dir) {
        return start(dir, FreePorts.one());
    }

    /** Starts the Pushgateway on {@code port}, e.g. again on the port of one a test stopped. */
    public static PushgatewayServer start(Path dir, int port) {
        return start(dir, port, null, null, null);
    }

    /**
     * Starts the Pushgateway on a free port, requiring basic authentication of {@code user} against
     * {@code bcryptHash}; this class's own requests authenticate with {@code password}.
     */
    public static PushgatewayServer startWithBasicAuth(Path dir, String user, String bcryptHash, String password) {
        return start(dir, FreePorts.one(), user, bcryptHash, password);
    }

    private static PushgatewayServer start(Path dir, int port, String user, String bcryptHash, String password) {
        ManagedProcess.requireExecutable(BINARY, "prometheus-pushgateway");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(),
                "--web.listen-address=127.0.0.1:" + port,
                "--persistence.file=")); // Debian's default persists to /var/lib
        String authorization = null;
        if (user != null) {
            Path webConfig = dir.resolve(NAME + "-web.yml");
            try {
                Files.writeString(webConfig, "basic_auth_users:\n  " + user + ": " + bcryptHash + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + webConfig, e);
            }
            command.add("--web.config.file=" + webConfig);
            authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String auth = authorization;
        ManagedProcess process = ManagedProcess.startServer(NAME, command, Map.of(), dir,
                "ready on port " + port, () -> readyStatus(port, auth) == 200);
        return new PushgatewayServer(process, port, authorization);
    }

    /**
     * The status of GET /-/ready over a plain socket, -1 while nothing answers. Not an
     * HttpURLConnection: it could take a connection the exporter left in the JVM-wide keep-alive
     * cache, and so hide that it went stale.
     */
    private static int readyStatus(int port, String authorization) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            String request = "GET /-/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(
                    socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
        } catch (IOException notYetListening) {
            return -1;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** GET {@code path} (e.g. {@code /metrics}), which must answer 200. */
    public String get(String path) {
        Response response = request("GET", path, null);
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + url() + path + " answered " + response.status() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** The whole text of GET /metrics. */
    public String metrics() {
        return get("/metrics");
    }

    /** The sample lines of GET /metrics whose metric name starts with {@code prefix}. */
    public List<String> samples(String prefix) {
        return metrics().lines()
                .filter(l -> !l.startsWith("#") && l.startsWith(prefix))
                .collect(Collectors.toList());
    }

    /**
     * Waits until every write sent before has been applied. The gateway applies PUT, POST and DELETE
     * in order from one queue, and answers a PUT only once it is applied; a DELETE is answered when
     * queued. So a PUT of an empty group ("test_barrier") returns after an earlier DELETE took effect.
     */
    public void barrier() {
        Response response = request("PUT", "/metrics/job/test_barrier", new byte[0]);
        if (response.status() != 200) {
            throw new IllegalStateException("barrier PUT answered " + response.status() + ": " + response.body());
        }
    }

    /**
     * Sends {@code method} to {@code path} with {@code body} (none when null), authenticated when the
     * gateway wants it; any status is returned, for the caller to assert.
     */
    public Response request(String method, String path, byte[] body) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url() + path).openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(5000);
            c.setReadTimeout(30000);
            // Left open, the connection would go to the JVM-wide keep-alive cache, where the exporter's
            // next request to this port could pick it up after this gateway stopped.
            c.setRequestProperty("Connection", "close");
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            if (body != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String text = "";
            if (in != null) {
                try (InputStream i = in) {
                    text = new String(i.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Response(status, text);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url() + path, e);
        }
    }

    /** Everything the gateway printed so far. */
    public String log() {
        return process.output();
    }

    public String tail(int lines) {
        return process.tail(lines);
    }

    @Override
    public void close() {
        process.close();
    }

    /** A status and body, whatever the status. */
    public static final class Response {
        private final int status;
        private final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }
}
