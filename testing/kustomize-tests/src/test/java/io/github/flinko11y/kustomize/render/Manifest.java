package io.github.flinko11y.kustomize.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The objects `kubectl kustomize` printed for one target. */
public final class Manifest {

    /** A pod spec and where it came from ("StatefulSet/prometheus"). */
    public record PodTemplate(String owner, String namespace, JsonNode labels, JsonNode spec) {}

    private final String target;
    private final List<JsonNode> objects;

    public Manifest(String target, List<JsonNode> objects) {
        this.target = target;
        this.objects = List.copyOf(objects);
    }

    public String target() {
        return target;
    }

    public List<JsonNode> objects() {
        return objects;
    }

    public List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).collect(Collectors.toList());
    }

    public Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    /** A generated ConfigMap by the name before kustomize's hash suffix. */
    public JsonNode configMapGeneratedAs(String name) {
        List<JsonNode> matches = ofKind("ConfigMap").stream()
                .filter(o -> name(o).equals(name) || name(o).matches(java.util.regex.Pattern.quote(name) + "-[a-z0-9]{10}"))
                .toList();
        if (matches.size() != 1) {
            throw new AssertionError(target + ": expected one ConfigMap generated as " + name + ", found " + matches.size());
        }
        return matches.get(0);
    }

    /** Pod templates of the workloads, bare pods and FlinkDeployments. */
    public List<PodTemplate> podTemplates() {
        List<PodTemplate> templates = new ArrayList<>();
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            String owner = kind + "/" + name(o);
            String namespace = o.path("metadata").path("namespace").asText();
            switch (kind) {
                case "Deployment", "StatefulSet", "DaemonSet", "Job" -> templates.add(new PodTemplate(owner, namespace,
                        o.path("spec").path("template").path("metadata").path("labels"),
                        o.path("spec").path("template").path("spec")));
                case "Pod" -> templates.add(new PodTemplate(owner, namespace, o.path("metadata").path("labels"), o.path("spec")));
                case "FlinkDeployment" -> templates.add(new PodTemplate(owner, namespace,
                        o.path("spec").path("podTemplate").path("metadata").path("labels"),
                        o.path("spec").path("podTemplate").path("spec")));
                default -> { }
            }
        }
        return templates;
    }

    public static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    public static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    @Override
    public String toString() {
        return target;
    }
}
