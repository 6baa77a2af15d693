package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Metric;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The metric names kube-state-metrics serves and the scrape jobs keep are the catalog's, so an alert or
 * dashboard that names a catalog metric finds its series, and nothing else is stored.
 */
class KubernetesSignalsCatalogTest {

    private static final Catalog CATALOG = Catalog.load(Repository.path("catalog"));

    @Test
    void kubeStateMetricsServesAndTheJobKeepsExactlyTheCatalogsNames() {
        JsonNode deployment = Renderer.render(Target.directory("kustomize/overlays/dev")).find("Deployment", "kube-state-metrics").orElseThrow();
        String allowlist = null;
        for (JsonNode arg : deployment.path("spec").path("template").path("spec").path("containers").get(0).path("args")) {
            if (arg.asText().startsWith("--metric-allowlist=")) {
                allowlist = arg.asText().substring("--metric-allowlist=".length());
            }
        }

        Set<String> catalog = names("kube-state-metrics");
        assertThat(catalog).contains("kube_pod_container_status_last_terminated_reason", "kube_pod_labels");
        assertThat(new TreeSet<>(Arrays.asList(allowlist.split(",")))).isEqualTo(catalog);
        assertThat(alternatives(nameKeep("kube-state-metrics"))).isEqualTo(catalog);
    }

    @Test
    void theKubeletJobKeepsExactlyTheCatalogsCadvisorNames() {
        Set<String> catalog = names("cadvisor");

        assertThat(catalog).contains("container_memory_working_set_bytes", "container_cpu_cfs_throttled_periods_total");
        assertThat(alternatives(nameKeep("kubelet"))).isEqualTo(catalog);
    }

    @Test
    void theOperatorJobKeepsEveryCatalogOperatorMetric() {
        Pattern keep = Pattern.compile(nameKeep(OperatorScrapeTest.JOB));
        List<Metric> operator = CATALOG.metrics().stream().filter(m -> m.source().equals("flink-kubernetes-operator")).toList();

        assertThat(operator).extracting(Metric::name).contains(
                "flink_k8soperator_namespace_Lifecycle_State_FAILED_Count",
                "flink_k8soperator_namespace_JmDeploymentStatus_ERROR_Count",
                "flink_k8soperator_namespace_resource_AutoScaler_errors");
        assertThat(operator).allSatisfy(m -> assertThat(keep.matcher(m.name()).matches()).as(m.name()).isTrue());
        assertThat(keep.matcher("flink_k8soperator_Status_JVM_Memory_Heap_Used").matches()).isFalse();
    }

    private static Set<String> names(String source) {
        return CATALOG.metrics().stream().filter(m -> m.source().equals(source)).map(Metric::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The regex of the job's first keep on __name__. */
    private static String nameKeep(String job) {
        for (JsonNode r : OperatorScrapeTest.scrapeJob(job).path("metric_relabel_configs")) {
            if ("keep".equals(r.path("action").asText()) && r.path("source_labels").size() == 1
                    && "__name__".equals(r.path("source_labels").get(0).asText())) {
                return r.path("regex").asText();
            }
        }
        throw new AssertionError("job " + job + " keeps no metric names");
    }

    private static Set<String> alternatives(String regex) {
        assertThat(regex).as("a plain list of names").matches("[a-z_|]+");
        return new TreeSet<>(Arrays.asList(regex.split("\\|")));
    }
}
