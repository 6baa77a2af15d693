package io.github.flinko11y.flinktests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Prometheus (Debian package prometheus) on a free loopback port, with its configuration,
 * rule files and TSDB in a temporary directory that {@link #close()} removes after stopping it.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Path BINARY = Paths.get("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dir;
    private final int port;

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts Prometheus with {@code config} (prometheus.yml text) and the given files next to it
     * (name to content, e.g. the rule files the config lists).
     */
    public static PrometheusServer start(String config, Map<String, String> files) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " not found: install the Debian package prometheus"
                    + " (./scripts/test.sh does)");
        }
        Path dir = Files.createTempDirectory("flink-o11y-prometheus-");
        Files.writeString(dir.resolve("prometheus.yml"), config);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        int port = FreePorts.one();
        Process process = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, dir, port);
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!server.ready()) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new AssertionError("Prometheus did not become ready on port " + port + ":\n" + server.log());
                }
                Thread.sleep(200);
            }
            return server;
        } catch (Throwable e) {
            server.close();
            throw e;
        }
    }

    private boolean ready() {
        try {
            return get("/-/ready").contains("Ready");
        } catch (IOException e) {
            return false;
        }
    }

    /** The series of an instant query at the current time; AssertionError when Prometheus refuses it. */
    public List<JsonNode> query(String promql) {
        try {
            JsonNode answer = JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
            if (!"success".equals(answer.path("status").asText())) {
                throw new AssertionError("Prometheus refused " + promql + ": " + answer);
            }
            List<JsonNode> series = new ArrayList<>();
            answer.path("data").path("result").forEach(series::add);
            return series;
        } catch (IOException e) {
            throw new UncheckedIOException("query " + promql, e);
        }
    }

    /** Prometheus's own log (warnings and errors), for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private String get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(30_000);
        try {
            int status = c.getResponseCode();
            byte[] body = (status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            if (status != 200 && status != 400 && status != 422) {
                throw new IOException(path + " answered " + status + ": " + text);
            }
            return text;
        } finally {
            c.disconnect();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is no reason to fail a test.
        }
    }
}
