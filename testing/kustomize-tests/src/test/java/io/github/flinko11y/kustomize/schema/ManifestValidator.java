package io.github.flinko11y.kustomize.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates rendered objects: built-in kinds against the Kubernetes 1.32 model, custom resources against
 * the CRD schemas the kit uses. A kind with neither fails: nothing passes unchecked.
 */
public final class ManifestValidator {

    /**
     * CRD sources: the FlinkDeployment CRD (apiextensions.k8s.io/v1 form) from the operator's API jar (flink-kubernetes-operator 1.10.0,
     * on the test classpath); the prometheus-operator CRDs vendored under src/test/resources/crds/ (see
     * the README there for versions and origin).
     */
    private static final Map<String, String[]> CRDS = Map.of(
            "flink.apache.org/v1beta1/FlinkDeployment",
            new String[] {"META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml", "v1beta1"},
            "monitoring.coreos.com/v1/PodMonitor",
            new String[] {"crds/monitoring.coreos.com_podmonitors.yaml", "v1"},
            "monitoring.coreos.com/v1/PrometheusRule",
            new String[] {"crds/monitoring.coreos.com_prometheusrules.yaml", "v1"});

    private final StrictKubernetesModel kubernetes = new StrictKubernetesModel();
    private final Map<String, CrdSchema> crds = new java.util.HashMap<>();

    public List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        if (kubernetes.knows(apiVersion, kind)) {
            return kubernetes.problems(object);
        }
        String key = apiVersion + "/" + kind;
        if (!CRDS.containsKey(key)) {
            return List.of("no schema for " + key + ": add its CRD to ManifestValidator");
        }
        List<String> problems = new ArrayList<>(crd(key).problems(object));
        // The API server checks metadata of custom resources like that of any object.
        problems.addAll(kubernetes.metadataProblems(object.path("metadata")));
        if ("FlinkDeployment".equals(kind) && object.path("spec").has("podTemplate")) {
            kubernetes.podTemplateProblems(object.path("spec").path("podTemplate"))
                    .forEach(p -> problems.add("spec.podTemplate." + p));
        }
        return problems;
    }

    public CrdSchema crd(String key) {
        return crds.computeIfAbsent(key, k -> {
            String[] source = CRDS.get(k);
            return CrdSchema.of(load(source[0]), source[1], source[0]);
        });
    }

    private static JsonNode load(String resource) {
        try (InputStream in = ManifestValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return Yaml.readAll(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get(0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
