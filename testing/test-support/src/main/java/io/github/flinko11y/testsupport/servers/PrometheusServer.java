package io.github.flinko11y.testsupport.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.HttpProbe;
import io.github.flinko11y.testsupport.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Debian package's Prometheus on a free loopback port with a config the test writes. Its query
 * methods read JSON with Jackson: a module calling them declares jackson-databind itself.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final Path BINARY = Paths.get("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManagedProcess process;
    private final String url;

    private PrometheusServer(ManagedProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts Prometheus with {@code config} (YAML text, may name files under {@code dir}). */
    public static PrometheusServer start(Path dir, String config) {
        return start(dir, FreePorts.one(), config);
    }

    /** Starts Prometheus on {@code port}, for a configuration that names Prometheus's own address (a self-scrape). */
    public static PrometheusServer start(Path dir, int port, String config) {
        return start(dir, port, config, List.of(), Map.of());
    }

    /**
     * Starts Prometheus with extra command-line flags (a remote-write receiver, feature flags) and
     * environment variables (which external labels may name).
     */
    public static PrometheusServer start(Path dir, String config, List<String> flags, Map<String, String> environment) {
        return start(dir, FreePorts.one(), config, flags, environment);
    }

    private static PrometheusServer start(Path dir, int port, String config, List<String> flags, Map<String, String> environment) {
        ManagedProcess.requireExecutable(BINARY, "prometheus");
        try {
            Files.writeString(dir.resolve("prometheus.yml"), config);
            Files.createDirectories(dir.resolve("tsdb"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>(List.of(BINARY.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
        command.addAll(flags);
        ManagedProcess process = ManagedProcess.startServer("prometheus", command, environment, dir, url + "/-/ready");
        return new PrometheusServer(process, url);
    }

    public String url() {
        return url;
    }

    /** The series of an instant query, each as its label map plus the value under {@code __value__}. */
    public List<Map<String, String>> query(String promql) {
        List<Map<String, String>> series = new ArrayList<>();
        for (JsonNode result : series(promql)) {
            Map<String, String> labels = JSON.convertValue(result.path("metric"),
                    JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
            labels.put("__value__", result.path("value").path(1).asText());
            series.add(labels);
        }
        return series;
    }

    /**
     * The series of an instant query as Prometheus's API gives them ({@code metric}, {@code value});
     * an AssertionError when Prometheus refuses the query.
     */
    public List<JsonNode> series(String promql) {
        JsonNode answer = getJson(url + "/api/v1/query?query=" + HttpProbe.encode(promql));
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + answer);
        }
        List<JsonNode> series = new ArrayList<>();
        answer.path("data").path("result").forEach(series::add);
        return series;
    }

    /** Alerts Prometheus currently holds (pending or firing), from its API. */
    public JsonNode alerts() {
        return getJson(url + "/api/v1/alerts").path("data").path("alerts");
    }

    /** Scrape targets Prometheus knows, from its API. */
    public JsonNode activeTargets() {
        return getJson(url + "/api/v1/targets").path("data").path("activeTargets");
    }

    public String tail(int lines) {
        return process.tail(lines);
    }

    @Override
    public void close() {
        process.close();
    }

    private static JsonNode getJson(String url) {
        try {
            return JSON.readTree(HttpProbe.get(url));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " did not answer JSON", e);
        }
    }
}
