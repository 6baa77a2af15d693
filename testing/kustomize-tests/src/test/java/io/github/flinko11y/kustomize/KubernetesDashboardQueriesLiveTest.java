package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Metric;
import io.github.flinko11y.catalog.RecordingRule;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import io.github.flinko11y.testsupport.dashboards.GeneratedDashboards;
import io.github.flinko11y.testsupport.dashboards.LiveDashboardQueries;
import io.github.flinko11y.testsupport.dashboards.PanelQuery;
import io.github.flinko11y.testsupport.servers.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard panels that read Kubernetes and operator series, run against a real Prometheus that
 * scrapes the recorded output of kube-state-metrics, the kubelet's cAdvisor and the Flink Kubernetes
 * operator (src/test/resources/recorded-series/) with the kit's scrape jobs, and evaluates the
 * catalog's recording rules (the Kubernetes joins): every such panel must return series, with the
 * labels its drill-down links read, and a few values are the recording's. The MiniCluster live test
 * (testing/flink-tests) leaves exactly these panels to this test.
 */
class KubernetesDashboardQueriesLiveTest {

    private static final Set<String> KUBERNETES_SOURCES = Set.of("kube-state-metrics", "cadvisor", "flink-kubernetes-operator");
    private static final String NAMESPACE = "flink-jobs";

    @Test
    void everyKubernetesPanelReturnsSeriesFromTheRecordedExporters(@TempDir Path dir) throws Exception {
        Catalog catalog = Catalog.load(Repository.path("catalog"));
        Manifest dev = Renderer.render(Target.directory("kustomize/overlays/dev"));
        List<PanelQuery> queries = kubernetesQueries(catalog);
        assertThat(queries).extracting(q -> q.dashboard).contains("kubernetes");
        assertThat(queries.stream().filter(q -> q.dashboard.equals("kubernetes")).map(q -> q.panel).distinct())
                .as("every panel of the Kubernetes dashboard reads Kubernetes or operator series").hasSize(11);

        try (RecordedExporters exporters = new RecordedExporters()) {
            ArrayNode jobs = JsonNodeFactory.instance.arrayNode();
            jobs.add(exporters.kubeStateMetrics(dev));
            jobs.add(exporters.cadvisor(dev));
            jobs.add(exporters.operator(dev));
            ObjectNode config = JsonNodeFactory.instance.objectNode();
            config.putObject("global").put("scrape_interval", "1s").put("evaluation_interval", "1s");
            config.putArray("rule_files").add("rules.yml");
            config.set("scrape_configs", jobs);
            Files.writeString(dir.resolve("rules.yml"), new ObjectMapper().writeValueAsString(
                    Map.of("groups", catalog.recordingRules().ruleGroups("1s"))));

            try (PrometheusServer prometheus = PrometheusServer.start(dir, Yaml.write(config))) {
                LiveDashboardQueries live = LiveDashboardQueries.await(prometheus, queries, Map.of(), round -> true,
                        Duration.ofSeconds(60));
                assertThat(live.emptyPanelsNotAllowed()).as("panels without series; Prometheus log:%n%s", prometheus.tail(30)).isEmpty();
                live.results().forEach((query, series) -> series.forEach(s -> assertThat(fieldNames(s.path("metric")))
                        .as("labels of a series of %s, whose links read %s", query, query.linkLabels)
                        .containsAll(query.linkLabels)));

                // The recording's pods: state-machine (native Kubernetes) and fraud-detection (standalone).
                assertThat(byLabels(live, "Flink pods by component", "A", "flink_cluster", "component")).isEqualTo(Map.of(
                        "state-machine jobmanager", 1.0, "state-machine taskmanager", 3.0, "fraud-detection jobmanager", 1.0));
                Map<String, Double> memory = byLabels(live, "Memory working set / limit", "A", "pod");
                assertThat(memory).containsOnlyKeys("state-machine-taskmanager-1-1", "state-machine-taskmanager-1-2");
                assertThat(memory.get("state-machine-taskmanager-1-1")).isCloseTo(1790967808.0 / 1811939328.0, within(1e-9));
                assertThat(byLabels(live, "Containers waiting and pods pending", "A", "pod", "reason"))
                        .isEqualTo(Map.of("fraud-detection-7c9d8f6b4-q2w9z CrashLoopBackOff", 1.0));
                assertThat(byLabels(live, "Containers waiting and pods pending", "B", "pod", "phase"))
                        .isEqualTo(Map.of("state-machine-taskmanager-1-3 Pending", 1.0));
                assertThat(byLabels(live, "OOM kills", "B", "pod")).isEqualTo(Map.of("state-machine-taskmanager-1-1", 1.0));
                assertThat(byLabels(live, "Memory working set, request and limit", "B", "pod"))
                        .isEqualTo(Map.of("state-machine-taskmanager-1-1", 1811939328.0));
                assertThat(byLabels(live, "CPU used, request and limit", "B", "pod")).isEqualTo(Map.of("state-machine-taskmanager-1-1", 0.5));
                assertThat(byLabels(live, "Autoscaler errors", "A", "flink_cluster")).containsOnlyKeys("state-machine");
                // The operator counts per namespace: resourcens becomes namespace, one series per resource type.
                assertThat(byLabels(live, "FlinkDeployments in trouble", "A", "namespace", "resourcetype"))
                        .isEqualTo(Map.of("flink-jobs FlinkDeployment", 1.0, "flink-jobs FlinkSessionJob", 0.0));
                assertThat(byLabels(live, "FlinkDeployments in trouble", "D", "namespace", "resourcetype"))
                        .isEqualTo(Map.of("flink-jobs FlinkDeployment", 1.0));
            }
        }
    }

    /** The PromQL of every panel (of any dashboard) that names a Kubernetes or operator series, or a join of one. */
    private static List<PanelQuery> kubernetesQueries(Catalog catalog) {
        Set<String> names = new java.util.TreeSet<>();
        for (Metric metric : catalog.metrics()) {
            if (KUBERNETES_SOURCES.contains(metric.source())) {
                names.add(metric.name());
            }
        }
        for (RecordingRule rule : catalog.recordingRules().all()) {
            if (rule.inputs().stream().anyMatch(m -> KUBERNETES_SOURCES.contains(m.source()))) {
                names.add(rule.record());
            }
        }
        List<Pattern> patterns = names.stream().map(n -> Pattern.compile("\\b" + Pattern.quote(n) + "\\b")).toList();
        return GeneratedDashboards.promQueries(Repository.path("dashboards/generated"), Map.of(
                        "namespace", NAMESPACE,
                        // Every Flink cluster of the recording, as "All" would select them.
                        "flink_cluster", ".+",
                        "job_name", ".+",
                        "job_id", ".+",
                        "task_name", ".+",
                        "tm_id", ".+",
                        "__rate_interval", "1m"))
                .stream()
                .filter(q -> patterns.stream().anyMatch(p -> p.matcher(q.expr).find()))
                .toList();
    }

    /** The values of one target by the given labels of each series (joined by a space). */
    private static Map<String, Double> byLabels(LiveDashboardQueries live, String panel, String refId, String... labels) {
        return live.results().entrySet().stream()
                .filter(e -> e.getKey().dashboard.equals("kubernetes") && e.getKey().panel.equals(panel) && e.getKey().refId.equals(refId))
                .flatMap(e -> e.getValue().stream())
                .collect(Collectors.toMap(
                        s -> java.util.Arrays.stream(labels).map(l -> s.path("metric").path(l).asText()).collect(Collectors.joining(" ")),
                        s -> Double.parseDouble(s.path("value").path(1).asText()),
                        (a, b) -> {
                            throw new AssertionError(panel + " / " + refId + ": two series with the same " + String.join(", ", labels));
                        },
                        TreeMap::new));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
