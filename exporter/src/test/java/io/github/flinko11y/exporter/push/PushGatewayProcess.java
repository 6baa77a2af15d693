package io.github.flinko11y.exporter.push;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real Pushgateway (Debian package prometheus-pushgateway) on a loopback port, in memory only.
 * Close it in a finally block or try-with-resources; a JVM shutdown hook stops it as a last resort.
 */
final class PushGatewayProcess implements AutoCloseable {

    static final Path BINARY = Paths.get("/usr/bin/prometheus-pushgateway");

    private final Process process;
    private final int port;
    private final Path dir;
    private final String authorization;
    private final Thread shutdownHook;

    private PushGatewayProcess(Process process, int port, Path dir, String authorization) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.authorization = authorization;
        this.shutdownHook = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static PushGatewayProcess start() throws IOException {
        return start(freePort());
    }

    static PushGatewayProcess start(int port) throws IOException {
        return start(port, null, null, null);
    }

    /**
     * Requires basic authentication of {@code user} against {@code bcryptHash}; this helper's own
     * reads authenticate with {@code password}.
     */
    static PushGatewayProcess startWithBasicAuth(String user, String bcryptHash, String password)
            throws IOException {
        return start(freePort(), user, bcryptHash, password);
    }

    private static PushGatewayProcess start(int port, String user, String bcryptHash, String password)
            throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " not found: these tests run the real Pushgateway; install the"
                    + " Debian package prometheus-pushgateway (apt-get install prometheus-pushgateway, or run"
                    + " ./scripts/test.sh, which installs it)");
        }
        Path dir = Files.createTempDirectory("pushgateway-test");
        List<String> command = new ArrayList<>(List.of(
                BINARY.toString(),
                "--web.listen-address=127.0.0.1:" + port,
                "--persistence.file=", // Debian's default persists to /var/lib
                "--log.level=info"));
        String authorization = null;
        if (user != null) {
            Path webConfig = dir.resolve("web.yml");
            Files.writeString(webConfig, "basic_auth_users:\n  " + user + ": " + bcryptHash + "\n");
            command.add("--web.config.file=" + webConfig);
            authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pushgateway.log").toFile())
                .start();
        PushGatewayProcess gateway = new PushGatewayProcess(process, port, dir, authorization);
        try {
            gateway.awaitReady();
        } catch (IOException | RuntimeException | Error e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /** Polls /-/ready until it answers 200 (a start-up wait, not an assertion on time). */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the Pushgateway exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (readyStatus() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // retry
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for the Pushgateway", e);
            }
        }
        throw new AssertionError("the Pushgateway did not become ready on port " + port + ":\n" + log());
    }

    /**
     * GET /-/ready over a plain socket: an HttpURLConnection here could take a connection the
     * exporter left in the JVM-wide keep-alive cache, and so hide that it went stale.
     */
    private int readyStatus() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            String request = "GET /-/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(
                    socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The sample lines of GET /metrics whose metric name starts with {@code prefix}. */
    List<String> samples(String prefix) throws IOException {
        return metrics().lines()
                .filter(l -> !l.startsWith("#") && l.startsWith(prefix))
                .collect(Collectors.toList());
    }

    /** The whole text of GET /metrics. */
    String metrics() throws IOException {
        Response r = request("GET", "/metrics", null);
        if (r.status != 200) {
            throw new IOException("GET /metrics answered " + r.status + ": " + r.body);
        }
        return r.body;
    }

    /**
     * Waits until every write sent before has been applied. The gateway applies PUT, POST and DELETE
     * in order from one queue, and answers a PUT only once it is applied; a DELETE is answered when
     * queued. So a PUT of an empty group ("test_barrier") returns after an earlier DELETE took effect.
     */
    void barrier() throws IOException {
        Response r = request("PUT", "/metrics/job/test_barrier", new byte[0]);
        if (r.status != 200) {
            throw new IOException("barrier PUT answered " + r.status + ": " + r.body);
        }
    }

    static final class Response {
        final int status;
        final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    Response request(String method, String path, byte[] body) throws IOException {
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
    }

    String log() {
        try {
            return Files.readString(dir.resolve("pushgateway.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try {
            Files.deleteIfExists(dir.resolve("web.yml"));
            Files.deleteIfExists(dir.resolve("pushgateway.log"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
