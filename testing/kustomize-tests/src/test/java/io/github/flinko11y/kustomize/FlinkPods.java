package io.github.flinko11y.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JobManager and TaskManager pods that Flink (native Kubernetes mode, also the operator's default
 * {@code mode: native}) and the Flink Kubernetes operator ({@code mode: standalone}) create from the
 * examples. No API server runs here, so the pods are derived the way Flink and the operator build them:
 *
 * <ul>
 *   <li>labels: the pod template's labels, then {@code kubernetes.jobmanager.labels} /
 *       {@code kubernetes.taskmanager.labels}, then Flink's own, which win: {@code app=<cluster id>},
 *       {@code component=jobmanager|taskmanager} and {@code type}. Native mode sets
 *       {@code type=flink-native-kubernetes} (Flink's {@code org.apache.flink.kubernetes.utils.Constants}:
 *       LABEL_TYPE_NATIVE_TYPE, LABEL_APP_KEY, LABEL_COMPONENT_*; the native Kubernetes docs select pods
 *       with {@code -l app=<cluster id>,component=taskmanager}); the operator's standalone mode sets
 *       {@code type=flink-standalone-kubernetes} with the same {@code app} and {@code component}
 *       (flink-kubernetes-operator, {@code StandaloneKubernetesUtils.LABEL_TYPE_STANDALONE_TYPE} and
 *       {@code getJobManagerSelectors}/{@code getTaskManagerSelectors}).</li>
 *   <li>ports: the pod template's, plus the ones Flink adds to the main container (JobManager
 *       jobmanager-rpc 6123, blobserver 6124, rest 8081; TaskManager rpc 6122), so a selector that keeps
 *       too much is caught as well.</li>
 * </ul>
 */
final class FlinkPods {

    static final String NATIVE_TYPE = "flink-native-kubernetes";
    static final String STANDALONE_TYPE = "flink-standalone-kubernetes";

    /** One pod: where it comes from ("examples/flink-operator mode: standalone, taskmanager"), and what the API server would hold. */
    record FlinkPod(String source, String namespace, String name, String clusterId, JsonNode labels, JsonNode spec) {
        String label(String key) {
            return labels.path(key).asText(null);
        }

        @Override
        public String toString() {
            return source;
        }
    }

    private FlinkPods() {}

    /** The JobManager and a TaskManager of a FlinkDeployment, as the operator creates them in its mode. */
    static List<FlinkPod> ofFlinkDeployment(JsonNode flink, String source) {
        JsonNode spec = flink.path("spec");
        String mode = spec.path("mode").asText("native");
        String type = switch (mode) {
            case "native" -> NATIVE_TYPE;
            case "standalone" -> STANDALONE_TYPE;
            default -> throw new AssertionError("FlinkDeployment mode " + mode + " is not modelled");
        };
        String clusterId = Manifest.name(flink);
        String namespace = flink.path("metadata").path("namespace").asText();
        List<FlinkPod> pods = new ArrayList<>();
        for (String component : List.of("jobmanager", "taskmanager")) {
            JsonNode componentSpec = spec.path(component.equals("jobmanager") ? "jobManager" : "taskManager");
            ObjectNode labels = JsonNodeFactory.instance.objectNode();
            putAll(labels, spec.path("podTemplate").path("metadata").path("labels"));
            putAll(labels, componentSpec.path("podTemplate").path("metadata").path("labels"));
            putConfigured(labels, spec.path("flinkConfiguration").path("kubernetes." + component + ".labels").asText(""));
            pods.add(pod(source + " mode: " + mode + ", " + component, namespace, clusterId, component, type, labels,
                    spec.path("podTemplate").path("spec")));
        }
        return pods;
    }

    /**
     * The pods of {@code flink run-application --target kubernetes-application} with the native example's
     * config.yaml and pod-template.yaml, and the cluster id the kustomize README passes on the command line.
     */
    static List<FlinkPod> ofNativeKubernetesExample() throws IOException {
        String dir = "kustomize/examples/native-kubernetes/";
        JsonNode config = Yaml.readOne(Repository.path(dir + "config.yaml"));
        JsonNode template = Yaml.readOne(Repository.path(dir + config.path("kubernetes.pod-template-file.default").asText()));
        Matcher clusterId = Pattern.compile("-Dkubernetes\\.cluster-id=(\\S+)")
                .matcher(Files.readString(Repository.path("kustomize/README.md")));
        if (!clusterId.find()) {
            throw new AssertionError("kustomize/README.md no longer shows -Dkubernetes.cluster-id=… for the native example");
        }
        List<FlinkPod> pods = new ArrayList<>();
        for (String component : List.of("jobmanager", "taskmanager")) {
            ObjectNode labels = JsonNodeFactory.instance.objectNode();
            putAll(labels, template.path("metadata").path("labels"));
            putConfigured(labels, config.path("kubernetes." + component + ".labels").asText(""));
            pods.add(pod("examples/native-kubernetes, " + component, config.path("kubernetes.namespace").asText(),
                    clusterId.group(1), component, NATIVE_TYPE, labels, template.path("spec")));
        }
        return pods;
    }

    private static FlinkPod pod(String source, String namespace, String clusterId, String component, String type,
            ObjectNode labels, JsonNode templateSpec) {
        labels.put("type", type).put("app", clusterId).put("component", component);
        ObjectNode spec = templateSpec.deepCopy();
        ObjectNode main = null;
        for (JsonNode c : spec.withArray("containers")) {
            if (c.path("name").asText().equals("flink-main-container")) {
                main = (ObjectNode) c;
            }
        }
        if (main == null) {
            main = spec.withArray("containers").addObject().put("name", "flink-main-container");
        }
        ArrayNode ports = main.withArray("ports");
        if (component.equals("jobmanager")) {
            ports.addObject().put("name", "jobmanager-rpc").put("containerPort", 6123);
            ports.addObject().put("name", "blobserver").put("containerPort", 6124);
            ports.addObject().put("name", "rest").put("containerPort", 8081);
        } else {
            ports.addObject().put("name", "rpc").put("containerPort", 6122);
        }
        String name = component.equals("jobmanager") ? clusterId + "-5d8f7c9b4-x2k8q" : clusterId + "-taskmanager-1-1";
        return new FlinkPod(source, namespace, name, clusterId, labels, spec);
    }

    private static void putAll(ObjectNode labels, JsonNode more) {
        more.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    }

    /** Flink's map option syntax: {@code k1:v1,k2:v2}. */
    private static void putConfigured(ObjectNode labels, String option) {
        for (String pair : option.split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                labels.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
            }
        }
    }
}
