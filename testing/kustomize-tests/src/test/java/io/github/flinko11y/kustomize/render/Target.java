package io.github.flinko11y.kustomize.render;

import java.util.List;

/**
 * Something under kustomize/ that renders: an overlay, an example, or a component on top of what it
 * needs (a component cannot be built alone, so it is built in a throwaway kustomization), or one of
 * those with a patch on top (a variant a user makes in their own overlay, built the same way).
 */
public record Target(String name, String directory, List<String> resources, List<String> components, List<String> patches) {

    public static Target directory(String directory) {
        return new Target(directory, directory, List.of(), List.of(), List.of());
    }

    public static Target component(String component, String... resources) {
        return new Target(component, null, List.of(resources), List.of(component), List.of());
    }

    /** {@code directory} with a strategic-merge or JSON patch (inline YAML) applied, named {@code directory+variant}. */
    public static Target patched(String directory, String variant, String patch) {
        return new Target(directory + "+" + variant, null, List.of(directory), List.of(), List.of(patch));
    }

    public boolean isWrapped() {
        return directory == null;
    }

    /** What users apply with `kubectl apply -k`, and every component on the base it is made for. */
    public static final List<Target> ALL = List.of(
            directory("kustomize/base"),
            directory("kustomize/overlays/dev"),
            directory("kustomize/overlays/production"),
            directory("kustomize/overlays/kube-prometheus-stack"),
            directory("kustomize/examples/flink-operator"),
            directory("kustomize/examples/native-kubernetes"),
            directory("kustomize/examples/remote-write"),
            component("kustomize/components/network-policies", "kustomize/base"),
            component("kustomize/components/prometheus-operator", "kustomize/base"),
            component("kustomize/components/grafana-dashboards-sidecar", "kustomize/base"),
            component("kustomize/components/flink-network-policy"),
            component("kustomize/components/remote-write", "kustomize/overlays/dev", "kustomize/examples/remote-write/remote-write-endpoint"));

    /** The bundled stack with remote write: the example overlay (on production) and the component on dev. */
    public static final List<Target> REMOTE_WRITE = List.of(
            directory("kustomize/examples/remote-write"),
            component("kustomize/components/remote-write", "kustomize/overlays/dev", "kustomize/examples/remote-write/remote-write-endpoint"));

    /** The bundled monitoring stack, as users get it. */
    public static final List<Target> STACKS = List.of(
            directory("kustomize/overlays/dev"), directory("kustomize/overlays/production"));

    @Override
    public String toString() {
        return name;
    }
}
