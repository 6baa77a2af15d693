package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import io.github.flinko11y.kustomize.schema.ManifestValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Kubernetes 1.32 and CRD schemas, with unknown fields and wrong types as errors. */
class SchemaValidationTest {

    private static final ManifestValidator VALIDATOR = new ManifestValidator();

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void everyRenderedObjectValidates(Target target) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : Renderer.render(target).objects()) {
            VALIDATOR.problems(object).forEach(p -> problems.add(Manifest.id(object) + ": " + p));
        }
        assertThat(problems).as(target.name()).isEmpty();
    }

    @Test
    void nativeKubernetesPodTemplateValidatesAsPod() throws IOException {
        JsonNode pod = Yaml.readOne(Repository.path("kustomize/examples/native-kubernetes/pod-template.yaml"));

        assertThat(VALIDATOR.problems(pod)).isEmpty();
    }

    @Test
    void unknownFieldInABuiltInKindFails() {
        ObjectNode statefulSet = prometheus();
        ((ObjectNode) statefulSet.path("spec").path("template").path("spec").path("containers").get(0))
                .put("imagePullPolicyy", "Always");

        assertThat(VALIDATOR.problems(statefulSet)).singleElement().asString()
                .contains("imagePullPolicyy").contains("spec.template.spec.containers.[0]");
    }

    @Test
    void stringWhereKubernetesWantsAnIntegerFails() {
        ObjectNode statefulSet = prometheus();
        ((ObjectNode) statefulSet.path("spec")).put("replicas", "2");

        assertThat(VALIDATOR.problems(statefulSet)).singleElement().asString().contains("replicas");
    }

    @Test
    void numberWhereKubernetesWantsAStringFails() {
        ObjectNode statefulSet = prometheus();
        ObjectNode env = ((ObjectNode) statefulSet.path("spec").path("template").path("spec").path("containers").get(0))
                .putArray("env").addObject();
        env.put("name", "PORT").put("value", 9090);

        assertThat(VALIDATOR.problems(statefulSet)).singleElement().asString().contains("env").contains("value");
    }

    @Test
    void unknownFieldAndWrongTypeInACustomResourceFail() {
        ObjectNode flink = (ObjectNode) Renderer.render(Target.directory("kustomize/examples/flink-operator"))
                .find("FlinkDeployment", "state-machine").orElseThrow().deepCopy();
        ((ObjectNode) flink.path("spec")).put("jobManagerr", "x");
        ((ObjectNode) flink.path("spec").path("flinkConfiguration")).put("parallelism.default", 2);

        List<String> problems = VALIDATOR.problems(flink);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("jobManagerr"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("parallelism.default").contains("integer"));
    }

    @Test
    void unknownFieldInAPodMonitorEndpointFails() {
        ObjectNode podMonitor = (ObjectNode) Renderer.render(Target.directory("kustomize/overlays/kube-prometheus-stack"))
                .find("PodMonitor", "flink").orElseThrow().deepCopy();
        ((ObjectNode) podMonitor.path("spec").path("podMetricsEndpoints").get(0)).put("portt", "metrics");

        assertThat(VALIDATOR.problems(podMonitor)).singleElement().asString().contains("portt");
    }

    @Test
    void podMonitorWithoutItsRequiredSelectorAndAMisspelledMetadataFieldFails() {
        ObjectNode podMonitor = (ObjectNode) Renderer.render(Target.directory("kustomize/overlays/kube-prometheus-stack"))
                .find("PodMonitor", "flink").orElseThrow().deepCopy();
        ((ObjectNode) podMonitor.path("spec")).remove("selector");
        ((ObjectNode) podMonitor.path("metadata")).put("label", "x");

        List<String> problems = VALIDATOR.problems(podMonitor);

        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("selector"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("label"));
    }

    @Test
    void kindWithoutSchemaFails() {
        JsonNode ingress = Yaml.parse("apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: x}\n");

        assertThat(VALIDATOR.problems(ingress)).singleElement().asString().contains("no schema for example.com/v1/Gadget");
    }

    private static ObjectNode prometheus() {
        return (ObjectNode) Renderer.render(Target.directory("kustomize/overlays/dev"))
                .find("StatefulSet", "prometheus").orElseThrow().deepCopy();
    }
}
