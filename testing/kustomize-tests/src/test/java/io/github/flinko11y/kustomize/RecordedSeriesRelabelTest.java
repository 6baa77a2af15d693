package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.servers.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes scrape jobs of the rendered prometheus.yml, relabelings and all, run in a real
 * Prometheus against series recorded in the exposition formats of kube-state-metrics v2, the kubelet's
 * cAdvisor and the Flink Kubernetes operator (src/test/resources/recorded-series/, see its README):
 * exactly the series of the *.kept files remain, with those labels and values. Neither
 * kube-state-metrics, a kubelet nor the operator runs here: small HTTP servers serve the recordings
 * in their place, and static targets carry the discovery labels the jobs' relabel_configs read.
 */
class RecordedSeriesRelabelTest {

    private static final Path RECORDED = RecordedExporters.RECORDED;
    private static final String UNFILTERED = "unfiltered-kube-state-metrics";

    private final RecordedExporters exporters = new RecordedExporters();

    @AfterEach
    void stopServers() {
        exporters.close();
    }

    @Test
    void onlyTheSeriesTheKitUsesRemainWithTheirLabels(@TempDir Path dir) throws IOException {
        Manifest dev = Renderer.render(Target.directory("kustomize/overlays/dev"));
        ArrayNode jobs = JsonNodeFactory.instance.arrayNode();
        jobs.add(exporters.kubeStateMetrics(dev));
        jobs.add(exporters.cadvisor(dev));
        jobs.add(exporters.operator(dev));
        // The same recording without the metric relabelings: what the kit's filters took away.
        ObjectNode unfiltered = ((ObjectNode) jobs.get(0)).deepCopy();
        unfiltered.put("job_name", UNFILTERED).remove("metric_relabel_configs");
        jobs.add(unfiltered);
        jobs.add(podMonitorJob(dev));
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.putObject("global").put("scrape_interval", "1s");
        config.set("scrape_configs", jobs);

        try (PrometheusServer prometheus = PrometheusServer.start(dir, Yaml.write(config))) {
            for (String[] job : new String[][] {
                    {"kube-state-metrics", "kube-state-metrics.kept"},
                    {"kubelet", "cadvisor.kept"},
                    {OperatorScrapeTest.JOB, "flink-kubernetes-operator.kept"}}) {
                Set<String> expected = new TreeSet<>(Files.readAllLines(RECORDED.resolve(job[1])));
                Set<String> kept = Await.atMost(Duration.ofSeconds(30)).pollEvery(Duration.ofMillis(250))
                        .latest(() -> series(prometheus, "job=\"" + job[0] + "\", endpoint=\"\""), s -> !s.isEmpty());

                assertThat(kept).as("series of job " + job[0] + "\n" + prometheus.tail(20)).isEqualTo(expected);
            }
            // kube-prometheus-stack: the PodMonitor gives the same series, plus prometheus-operator's target labels.
            Set<String> expected = new TreeSet<>();
            for (String line : Files.readAllLines(RECORDED.resolve("flink-kubernetes-operator.kept"))) {
                expected.add(line.replace("{", "{container=\"flink-kubernetes-operator\",endpoint=\"metrics\","));
            }
            Set<String> viaPodMonitor = Await.atMost(Duration.ofSeconds(30)).pollEvery(Duration.ofMillis(250))
                    .latest(() -> series(prometheus, "job=\"" + OperatorScrapeTest.JOB + "\", endpoint=\"metrics\""), s -> !s.isEmpty());
            assertThat(viaPodMonitor).as("series of the PodMonitor " + OperatorScrapeTest.JOB).isEqualTo(expected);

            Set<String> all = Await.atMost(Duration.ofSeconds(30)).pollEvery(Duration.ofMillis(250))
                    .latest(() -> series(prometheus, "job=\"" + UNFILTERED + "\""), s -> !s.isEmpty());
            assertThat(all).hasSize(sampleLines("kube-state-metrics.prom"))
                    .contains("kube_pod_container_status_restarts_total{container=\"coredns\",job=\"" + UNFILTERED
                            + "\",namespace=\"kube-system\",pod=\"coredns-5d78c9869d-8gq4w\",uid=\"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"} 1");
        }
    }

    /**
     * The operator's PodMonitor as prometheus-operator turns it into a scrape job: the target labels it
     * sets for every pod (namespace, pod, container, endpoint; so the series' own namespace arrives as
     * exported_namespace), then the PodMonitor's relabelings and metricRelabelings.
     */
    private ObjectNode podMonitorJob(Manifest dev) throws IOException {
        JsonNode endpoint = Renderer.render(Target.directory("kustomize/overlays/kube-prometheus-stack"))
                .find("PodMonitor", OperatorScrapeTest.JOB).orElseThrow().path("spec").path("podMetricsEndpoints").get(0);
        ObjectNode job = JsonNodeFactory.instance.objectNode();
        job.put("job_name", "podMonitor/flink-operator/" + OperatorScrapeTest.JOB + "/0");
        job.put("metrics_path", endpoint.path("path").asText());
        job.set("relabel_configs", OperatorScrapeTest.snakeCase(endpoint.path("relabelings")));
        job.set("metric_relabel_configs", OperatorScrapeTest.snakeCase(endpoint.path("metricRelabelings")));
        return exporters.served(job, "flink-kubernetes-operator.prom", Map.of(
                "namespace", "flink-operator",
                "pod", "flink-kubernetes-operator-6b8f9d7c4-h5j2k",
                "container", "flink-kubernetes-operator",
                "endpoint", endpoint.path("port").asText()));
    }

    /** Every series the label matchers select as name{sorted labels} value, without instance (the test server's address). */
    private static Set<String> series(PrometheusServer prometheus, String matchers) {
        Set<String> result = new TreeSet<>();
        // Without the series Prometheus adds for every target (up, scrape_duration_seconds, ...).
        for (Map<String, String> s : prometheus.query("{" + matchers + ", __name__!~\"up|scrape_.+\"}")) {
            Map<String, String> labels = new TreeMap<>(s);
            String name = labels.remove("__name__");
            String value = labels.remove("__value__");
            labels.remove("instance");
            result.add(name + labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                    .collect(Collectors.joining(",", "{", "}")) + " " + value);
        }
        return result;
    }

    private static int sampleLines(String recording) throws IOException {
        return (int) Files.readAllLines(RECORDED.resolve(recording)).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    }
}
