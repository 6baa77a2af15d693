package io.github.flinko11y.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Yaml;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * kube-state-metrics, the kubelet's cAdvisor and the Flink Kubernetes operator as their recorded
 * output (src/test/resources/recorded-series/), each served by a small HTTP server at the path its
 * scrape job reads, and the scrape jobs of the rendered prometheus.yml pointed at them: static targets
 * with the discovery labels the jobs' relabel_configs read. Closing stops the servers.
 */
final class RecordedExporters implements AutoCloseable {

    static final Path RECORDED = Repository.moduleDir().resolve("src/test/resources/recorded-series");
    /** The millisecond timestamp the kubelet puts after each cAdvisor sample. */
    private static final Pattern TIMESTAMP = Pattern.compile("(?m) \\d{13}$");

    private final List<HttpServer> servers = new ArrayList<>();

    /** The kube-state-metrics job of {@code manifest}'s prometheus.yml, scraping the recording. */
    ObjectNode kubeStateMetrics(Manifest manifest) {
        JsonNode ksm = manifest.find("Deployment", "kube-state-metrics").orElseThrow().path("spec").path("template");
        return served(scrapeJob(manifest, "kube-state-metrics"), "kube-state-metrics.prom", Map.of(
                "__meta_kubernetes_pod_label_app_kubernetes_io_name", ksm.path("metadata").path("labels").path("app.kubernetes.io/name").asText(),
                "__meta_kubernetes_pod_container_port_name", ksm.path("spec").path("containers").get(0).path("ports").get(0).path("name").asText()));
    }

    /** The kubelet (cAdvisor) job. */
    ObjectNode cadvisor(Manifest manifest) {
        return served(scrapeJob(manifest, "kubelet"), "cadvisor.prom", Map.of("__meta_kubernetes_node_name", "worker-1"));
    }

    /** The Flink Kubernetes operator job. */
    ObjectNode operator(Manifest manifest) {
        return served(scrapeJob(manifest, OperatorScrapeTest.JOB), "flink-kubernetes-operator.prom", Map.of(
                "__meta_kubernetes_pod_label_app_kubernetes_io_name", "flink-kubernetes-operator",
                "__meta_kubernetes_pod_container_port_name", "metrics",
                "__meta_kubernetes_pod_phase", "Running",
                "__meta_kubernetes_pod_name", "flink-kubernetes-operator-6b8f9d7c4-h5j2k"));
    }

    /** The job with its discovery replaced by a static target: an HTTP server with the recording at the job's path. */
    ObjectNode served(JsonNode job, String recording, Map<String, String> discoveryLabels) {
        ObjectNode served = job.deepCopy();
        try {
            String body = Files.readString(RECORDED.resolve(recording));
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(job.path("metrics_path").asText("/metrics"), exchange -> {
                // Recorded timestamps would be too old for Prometheus' head block: now, as the kubelet would write it.
                byte[] bytes = TIMESTAMP.matcher(body).replaceAll(" " + System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            servers.add(server);
            served.remove(List.of("kubernetes_sd_configs", "authorization", "tls_config"));
            served.put("scheme", "http");
            ObjectNode target = served.putArray("static_configs").addObject();
            target.putArray("targets").add("127.0.0.1:" + server.getAddress().getPort());
            ObjectNode labels = target.putObject("labels");
            discoveryLabels.forEach(labels::put);
            return served;
        } catch (IOException e) {
            throw new UncheckedIOException(recording, e);
        }
    }

    static JsonNode scrapeJob(Manifest manifest, String name) {
        JsonNode config = Yaml.parse(manifest.configMapGeneratedAs("prometheus-config").path("data").path("prometheus.yml").asText());
        for (JsonNode scrape : config.path("scrape_configs")) {
            if (scrape.path("job_name").asText().equals(name)) {
                return scrape;
            }
        }
        throw new AssertionError("no scrape job " + name + " in the rendered prometheus.yml");
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}
