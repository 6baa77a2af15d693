package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Flink Kubernetes operator's metrics: the Helm values of the operator example turn on the
 * reporter where the bundled scrape job and the PodMonitor look for it, and both relabel alike.
 */
class OperatorScrapeTest {

    static final String JOB = "flink-kubernetes-operator";
    private static final String PREFIX = "kubernetes.operator.metrics.reporter.prom.";

    @Test
    void helmValuesTurnOnThePrometheusReporterOnTheScrapedPort() throws IOException {
        JsonNode values = Yaml.readOne(Repository.path("kustomize/examples/flink-operator/flink-kubernetes-operator-values.yaml"));
        JsonNode conf = Yaml.parse(values.path("defaultConfiguration").path("flink-conf.yaml").asText());
        JsonNode job = scrapeJob(JOB);

        assertThat(values.path("defaultConfiguration").path("create").asBoolean()).isTrue();
        assertThat(values.path("defaultConfiguration").path("append").asBoolean()).as("keeps the chart's built-in configuration").isTrue();
        assertThat(conf.path(PREFIX + "factory.class").asText()).isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        // The chart opens metrics.port as the container port named "metrics": the reporter must listen there.
        assertThat(conf.path(PREFIX + "port").asInt()).isEqualTo(values.path("metrics").path("port").asInt()).isPositive();
        assertThat(conf.path(PREFIX + "filterLabelValueCharacters").asText()).isEqualTo("false");
        assertThat(keepRegex(job.path("relabel_configs"), "__meta_kubernetes_pod_container_port_name")).isEqualTo("metrics");
        // The chart's pod label (selectorLabels: app.kubernetes.io/name of the chart).
        assertThat(keepRegex(job.path("relabel_configs"), "__meta_kubernetes_pod_label_app_kubernetes_io_name")).isEqualTo(JOB);
        assertThat(values.path("watchNamespaces")).extracting(JsonNode::asText).containsExactly("flink-jobs");
    }

    @Test
    void podMonitorSelectsTheSamePodsAndRelabelsLikeTheBundledJob() {
        JsonNode podMonitor = Renderer.render(Target.directory("kustomize/overlays/kube-prometheus-stack"))
                .find("PodMonitor", JOB).orElseThrow().path("spec");
        JsonNode job = scrapeJob(JOB);
        JsonNode endpoint = podMonitor.path("podMetricsEndpoints").get(0);

        assertThat(podMonitor.path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())
                .isEqualTo(keepRegex(job.path("relabel_configs"), "__meta_kubernetes_pod_label_app_kubernetes_io_name"));
        assertThat(endpoint.path("port").asText()).isEqualTo(keepRegex(job.path("relabel_configs"), "__meta_kubernetes_pod_container_port_name"));
        assertThat(endpoint.path("relabelings").get(0).path("replacement").asText()).isEqualTo(JOB);
        assertThat(snakeCase(endpoint.path("metricRelabelings"))).isEqualTo(job.path("metric_relabel_configs"));
    }

    @Test
    void aDifferenceBetweenTheRelabelingsWouldBeSeen() {
        JsonNode job = scrapeJob(JOB).path("metric_relabel_configs").deepCopy();
        ((ObjectNode) job.get(0)).put("regex", "flink_k8soperator_.*");

        assertThat(job).isNotEqualTo(scrapeJob(JOB).path("metric_relabel_configs"));
    }

    static JsonNode scrapeJob(String name) {
        JsonNode config = Yaml.parse(Renderer.render(Target.directory("kustomize/overlays/dev"))
                .configMapGeneratedAs("prometheus-config").path("data").path("prometheus.yml").asText());
        for (JsonNode scrape : config.path("scrape_configs")) {
            if (scrape.path("job_name").asText().equals(name)) {
                return scrape;
            }
        }
        throw new AssertionError("no scrape job " + name + " in the rendered prometheus.yml");
    }

    private static String keepRegex(JsonNode relabelings, String sourceLabel) {
        for (JsonNode r : relabelings) {
            if ("keep".equals(r.path("action").asText()) && r.path("source_labels").size() == 1
                    && sourceLabel.equals(r.path("source_labels").get(0).asText())) {
                return r.path("regex").asText();
            }
        }
        throw new AssertionError("no keep on " + sourceLabel + " in " + relabelings);
    }

    /** prometheus-operator's camelCase relabel fields as Prometheus' snake_case ones. */
    static JsonNode snakeCase(JsonNode relabelings) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode r : relabelings) {
            ObjectNode converted = result.addObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                converted.set(field.getKey().replaceAll("([A-Z])", "_$1").toLowerCase(), field.getValue());
            }
        }
        return result;
    }
}
