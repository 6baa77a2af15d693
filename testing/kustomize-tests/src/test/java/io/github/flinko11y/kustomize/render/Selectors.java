package io.github.flinko11y.kustomize.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Label selectors (matchLabels and matchExpressions) and container ports of pod templates. */
public final class Selectors {

    private Selectors() {}

    /** A Service's selector is a plain map; the others are LabelSelectors. */
    public static boolean matches(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.has("matchLabels") || selector.has("matchExpressions")
                ? selector.path("matchLabels") : selector;
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) matchLabels::fields) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> values.contains(value);
                case "NotIn" -> !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown selector operator " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static List<Manifest.PodTemplate> selected(Manifest manifest, String namespace, JsonNode selector) {
        return manifest.podTemplates().stream()
                .filter(t -> t.namespace().equals(namespace) && matches(selector, t.labels())).toList();
    }

    /** All container ports of a pod spec. */
    public static List<JsonNode> containerPorts(JsonNode podSpec) {
        List<JsonNode> ports = new ArrayList<>();
        podSpec.path("containers").forEach(c -> c.path("ports").forEach(ports::add));
        return ports;
    }

    /** Whether a port given by name or number is a container port of the pod spec. */
    public static boolean hasPort(JsonNode podSpec, JsonNode port) {
        return containerPorts(podSpec).stream().anyMatch(p -> port.isInt()
                ? p.path("containerPort").asInt() == port.asInt()
                : port.asText().equals(p.path("name").asText()));
    }
}
