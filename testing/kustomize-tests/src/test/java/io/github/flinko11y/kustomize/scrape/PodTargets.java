package io.github.flinko11y.kustomize.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The targets Prometheus' Kubernetes service discovery (role pod) makes of a running pod: one per
 * declared container port, with the __meta_kubernetes_pod_* labels Prometheus documents (label names
 * sanitised to [a-zA-Z0-9_]).
 */
public final class PodTargets {

    private PodTargets() {}

    public static List<Map<String, String>> of(String namespace, String podName, JsonNode labels, JsonNode podSpec) {
        Map<String, String> pod = new TreeMap<>();
        pod.put("__meta_kubernetes_namespace", namespace);
        pod.put("__meta_kubernetes_pod_name", podName);
        pod.put("__meta_kubernetes_pod_phase", "Running");
        pod.put("__meta_kubernetes_pod_ready", "true");
        labels.fields().forEachRemaining(l -> {
            String name = l.getKey().replaceAll("[^a-zA-Z0-9_]", "_");
            pod.put("__meta_kubernetes_pod_label_" + name, l.getValue().asText());
            pod.put("__meta_kubernetes_pod_labelpresent_" + name, "true");
        });
        List<Map<String, String>> targets = new ArrayList<>();
        for (JsonNode container : podSpec.path("containers")) {
            for (JsonNode port : container.path("ports")) {
                Map<String, String> target = new TreeMap<>(pod);
                target.put("__meta_kubernetes_pod_container_name", container.path("name").asText());
                target.put("__meta_kubernetes_pod_container_port_name", port.path("name").asText());
                target.put("__meta_kubernetes_pod_container_port_number", port.path("containerPort").asText());
                target.put("__meta_kubernetes_pod_container_port_protocol", port.path("protocol").asText("TCP"));
                target.put("__address__", "10.0.0.1:" + port.path("containerPort").asText());
                targets.add(target);
            }
        }
        return targets;
    }
}
