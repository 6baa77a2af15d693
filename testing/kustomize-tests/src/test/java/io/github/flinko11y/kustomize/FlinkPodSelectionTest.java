package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.FlinkPods.FlinkPod;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Selectors;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import io.github.flinko11y.kustomize.schema.ManifestValidator;
import io.github.flinko11y.kustomize.scrape.PodTargets;
import io.github.flinko11y.kustomize.scrape.Relabeling;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JobManager and TaskManager pod of the examples, in the operator's native and standalone modes and
 * in Flink's native Kubernetes mode, is found by every selector of the kit: the scrape job, the PodMonitor,
 * the metrics NetworkPolicy of the Flink namespace and the Loki gateway's push rule.
 */
class FlinkPodSelectionTest {

    private static final Target OPERATOR = Target.directory("kustomize/examples/flink-operator");
    /** The operator example as a user runs it in standalone mode: only spec.mode changes. */
    private static final Target OPERATOR_STANDALONE = Target.patched("kustomize/examples/flink-operator", "standalone", """
            apiVersion: flink.apache.org/v1beta1
            kind: FlinkDeployment
            metadata:
              name: state-machine
            spec:
              mode: standalone
            """);
    private static final Target NATIVE = Target.directory("kustomize/examples/native-kubernetes");

    static List<FlinkPod> flinkPods() throws IOException {
        List<FlinkPod> pods = new ArrayList<>();
        pods.addAll(FlinkPods.ofFlinkDeployment(flinkDeployment(OPERATOR), "examples/flink-operator"));
        pods.addAll(FlinkPods.ofFlinkDeployment(flinkDeployment(OPERATOR_STANDALONE), "examples/flink-operator"));
        pods.addAll(FlinkPods.ofNativeKubernetesExample());
        return pods;
    }

    @Test
    void examplesMakeJobManagersAndTaskManagersOfBothTypes() throws IOException {
        Set<String> kinds = new TreeSet<>();
        flinkPods().forEach(p -> kinds.add(p.label("type") + "/" + p.label("component")));

        assertThat(kinds).containsExactly(
                "flink-native-kubernetes/jobmanager", "flink-native-kubernetes/taskmanager",
                "flink-standalone-kubernetes/jobmanager", "flink-standalone-kubernetes/taskmanager");
        // The operator example itself leaves the mode at its default; the variant is valid for the CRD.
        assertThat(flinkDeployment(OPERATOR).path("spec").has("mode")).isFalse();
        assertThat(new ManifestValidator().problems(flinkDeployment(OPERATOR_STANDALONE))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("flinkPods")
    void scrapeJobKeepsOnlyTheMetricsPortWithTheCatalogsLabels(FlinkPod pod) {
        for (Target stack : Target.STACKS) {
            JsonNode job = flinkScrapeJob(Renderer.render(stack));
            List<Map<String, String>> kept = new ArrayList<>();
            for (Map<String, String> target : PodTargets.of(pod.namespace(), pod.name(), pod.labels(), pod.spec())) {
                Optional<Map<String, String>> labels = Relabeling.apply(job, target);
                labels.ifPresent(kept::add);
            }

            assertThat(kept).as(stack + " keeps one target of " + pod).containsExactly(Map.of(
                    "job", "flink", "namespace", pod.namespace(), "flink_cluster", pod.clusterId(), "pod", pod.name()));
        }
    }

    @ParameterizedTest
    @MethodSource("flinkPods")
    void podMonitorSelectsThePodAndItsMetricsPort(FlinkPod pod) {
        JsonNode podMonitor = Renderer.render(Target.directory("kustomize/overlays/kube-prometheus-stack"))
                .find("PodMonitor", "flink").orElseThrow().path("spec");

        assertThat(podMonitor.path("namespaceSelector").path("any").asBoolean()).as("any namespace").isTrue();
        assertThat(Selectors.matches(podMonitor.path("selector"), pod.labels())).as("PodMonitor selects " + pod).isTrue();
        assertThat(Selectors.hasPort(pod.spec(), podMonitor.path("podMetricsEndpoints").get(0).path("port"))).isTrue();
    }

    @ParameterizedTest
    @MethodSource("flinkPods")
    void metricsNetworkPolicyOfTheFlinkNamespaceSelectsThePod(FlinkPod pod) {
        Target example = pod.source().startsWith("examples/native-kubernetes") ? NATIVE : OPERATOR;
        JsonNode policy = Renderer.render(example).find("NetworkPolicy", "flink-metrics-from-prometheus").orElseThrow();

        assertThat(policy.path("metadata").path("namespace").asText()).isEqualTo(pod.namespace());
        assertThat(Selectors.matches(policy.path("spec").path("podSelector"), pod.labels())).as("policy selects " + pod).isTrue();
    }

    @ParameterizedTest
    @MethodSource("flinkPods")
    void lokiGatewayAdmitsPushesFromThePod(FlinkPod pod) {
        for (Target stack : Target.STACKS) {
            JsonNode policy = Renderer.render(stack).find("NetworkPolicy", "loki-gateway").orElseThrow();
            boolean admitted = false;
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                boolean pushPort = false;
                for (JsonNode port : rule.path("ports")) {
                    pushPort |= port.path("port").asText().equals("push");
                }
                for (JsonNode peer : rule.path("from")) {
                    // The Namespace label every namespace carries (Kubernetes 1.22+).
                    JsonNode namespaceLabels = Yaml.parse("kubernetes.io/metadata.name: " + pod.namespace());
                    admitted |= pushPort && peer.has("namespaceSelector")
                            && Selectors.matches(peer.path("namespaceSelector"), namespaceLabels)
                            && Selectors.matches(peer.path("podSelector"), pod.labels());
                }
            }
            assertThat(admitted).as(stack + ": Loki gateway's push port admits " + pod).isTrue();
        }
    }

    private static JsonNode flinkDeployment(Target target) {
        return Renderer.render(target).find("FlinkDeployment", "state-machine").orElseThrow();
    }

    private static JsonNode flinkScrapeJob(Manifest stack) {
        JsonNode config = Yaml.parse(stack.configMapGeneratedAs("prometheus-config").path("data").path("prometheus.yml").asText());
        for (JsonNode job : config.path("scrape_configs")) {
            if (job.path("job_name").asText().equals("flink")) {
                return job;
            }
        }
        throw new AssertionError(stack + ": no scrape job flink");
    }
}
