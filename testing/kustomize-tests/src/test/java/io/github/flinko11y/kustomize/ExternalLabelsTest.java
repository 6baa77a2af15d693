package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The external labels that tell a central store which Kubernetes cluster and which Prometheus replica
 * a sample comes from: their ${VAR} references are variables the pod defines, the image expands them
 * (Prometheus 3; 2.x needs --enable-feature=expand-external-labels), and alerts leave without the
 * replica label so that Alertmanager still sees one alert from the HA pair.
 */
class ExternalLabelsTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

    @ParameterizedTest
    @FieldSource({"io.github.flinko11y.kustomize.render.Target#STACKS", "io.github.flinko11y.kustomize.render.Target#REMOTE_WRITE"})
    void clusterAndReplicaComeFromThePodsEnvironment(Target target) {
        Manifest manifest = Renderer.render(target);
        JsonNode prometheus = prometheusContainer(manifest);
        Map<String, String> labels = externalLabels(manifest);

        assertThat(labels).containsOnlyKeys("cluster", "prometheus_replica");
        assertThat(variableOf(labels.get("prometheus_replica"))).isEqualTo("POD_NAME");
        assertThat(env(prometheus, "POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText())
                .as("the pod's name, prometheus-0 and prometheus-1 in production").isEqualTo("metadata.name");
        String clusterVariable = variableOf(labels.get("cluster"));
        JsonNode ref = env(prometheus, clusterVariable).path("valueFrom").path("configMapKeyRef");
        JsonNode configMap = manifest.find("ConfigMap", ref.path("name").asText())
                .orElseThrow(() -> new AssertionError(clusterVariable + " refers to a missing ConfigMap " + ref));
        assertThat(configMap.path("data").path(ref.path("key").asText()).asText()).as("the cluster name").isNotBlank();
        assertThat(ref.path("optional").asBoolean(false)).as("an empty value would drop the label").isFalse();
    }

    @ParameterizedTest
    @FieldSource({"io.github.flinko11y.kustomize.render.Target#STACKS", "io.github.flinko11y.kustomize.render.Target#REMOTE_WRITE"})
    void theImageExpandsVariablesInExternalLabels(Target target) {
        JsonNode prometheus = prometheusContainer(Renderer.render(target));
        Matcher tag = Pattern.compile(":v(\\d+)\\.").matcher(prometheus.path("image").asText());

        assertThat(tag.find()).as(prometheus.path("image").asText()).isTrue();
        boolean expandsByDefault = Integer.parseInt(tag.group(1)) >= 3;
        assertThat(expandsByDefault || SecurityTest.strings(prometheus.path("args")).contains("--enable-feature=expand-external-labels"))
                .as("Prometheus before 3.0 sends ${VAR} literally without --enable-feature=expand-external-labels").isTrue();
    }

    @ParameterizedTest
    @FieldSource({"io.github.flinko11y.kustomize.render.Target#STACKS", "io.github.flinko11y.kustomize.render.Target#REMOTE_WRITE"})
    void alertsLeaveWithoutTheReplicaLabel(Target target) {
        JsonNode config = config(Renderer.render(target));
        JsonNode relabel = config.path("alerting").path("alert_relabel_configs");

        assertThat(relabel).hasSize(1);
        assertThat(relabel.get(0).path("action").asText()).isEqualTo("labeldrop");
        Pattern dropped = Pattern.compile(relabel.get(0).path("regex").asText());
        assertThat(dropped.matcher("prometheus_replica").matches()).isTrue();
        assertThat(dropped.matcher("cluster").matches()).as("alerts keep the cluster they come from").isFalse();
    }

    @Test
    void theRemoteWriteExampleNamesItsCluster() {
        Manifest manifest = Renderer.render(Target.directory("kustomize/examples/remote-write"));
        JsonNode ref = env(prometheusContainer(manifest), "KUBERNETES_CLUSTER").path("valueFrom").path("configMapKeyRef");

        assertThat(manifest.find("ConfigMap", ref.path("name").asText()).orElseThrow().path("data").path("cluster").asText())
                .isEqualTo("prod-eu-1");
    }

    static Map<String, String> externalLabels(Manifest manifest) {
        Map<String, String> labels = new LinkedHashMap<>();
        config(manifest).path("global").path("external_labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static JsonNode config(Manifest manifest) {
        return Yaml.parse(manifest.configMapGeneratedAs("prometheus-config").path("data").path("prometheus.yml").asText());
    }

    private static String variableOf(String value) {
        Matcher m = VARIABLE.matcher(value);
        assertThat(m.matches()).as(value + " is one ${VARIABLE}").isTrue();
        return m.group(1);
    }

    private static JsonNode prometheusContainer(Manifest manifest) {
        for (JsonNode c : manifest.find("StatefulSet", "prometheus").orElseThrow().path("spec").path("template").path("spec").path("containers")) {
            if (c.path("name").asText().equals("prometheus")) {
                return c;
            }
        }
        throw new AssertionError(manifest + ": no container prometheus");
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " does not set " + name);
    }
}
