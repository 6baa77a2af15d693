package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * A rule or route change reaches Prometheus, Alertmanager and Loki's ruler without a restart: the
 * ConfigMaps keep stable names (updated in place, not rolled), are mounted whole (the kubelet never
 * refreshes a subPath mount), and a reloader sidecar calls the reload endpoint of the container next to it.
 */
class ConfigReloadTest {

    /** Workload → the volumes whose changes must be reloaded, not rolled out. */
    private static final Map<String, List<String>> RELOADED = Map.of(
            "StatefulSet/prometheus", List.of("config", "rules"),
            "StatefulSet/alertmanager", List.of("config"),
            "StatefulSet/loki", List.of("rules"));

    @ParameterizedTest
    @FieldSource({"io.github.flinko11y.kustomize.render.Target#STACKS", "io.github.flinko11y.kustomize.render.Target#REMOTE_WRITE"})
    void rulesAndRoutingAreWholeMountsOfConfigMapsWithStableNames(Target target) {
        Manifest manifest = Renderer.render(target);
        List<String> broken = new ArrayList<>();
        RELOADED.forEach((owner, volumes) -> {
            Manifest.PodTemplate pod = pod(manifest, owner);
            for (String volume : volumes) {
                String configMap = configMapOf(pod, volume).orElseThrow(() -> new AssertionError(owner + " has no ConfigMap volume " + volume));
                // kustomize's generator name: a hash suffix would make every change a new ConfigMap and a rollout.
                if (!configMap.matches("(prometheus|alertmanager|loki)-(config|rules)")) {
                    broken.add(owner + " volume " + volume + " mounts " + configMap + ", a name that changes with its content");
                }
                if (manifest.find("ConfigMap", configMap).isEmpty()) {
                    broken.add(owner + " volume " + volume + ": no ConfigMap " + configMap);
                }
                for (JsonNode container : SecurityTest.containers(pod.spec())) {
                    container.path("volumeMounts").forEach(m -> {
                        if (m.path("name").asText().equals(volume) && m.has("subPath")) {
                            broken.add(owner + " " + container.path("name").asText() + " mounts " + volume + " with a subPath, which is never refreshed");
                        }
                    });
                }
            }
        });
        assertThat(broken).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource({"io.github.flinko11y.kustomize.render.Target#STACKS", "io.github.flinko11y.kustomize.render.Target#REMOTE_WRITE"})
    void prometheusAndAlertmanagerEachHaveAReloaderWatchingTheirConfiguration(Target target) {
        Manifest manifest = Renderer.render(target);
        for (String owner : List.of("StatefulSet/prometheus", "StatefulSet/alertmanager")) {
            Manifest.PodTemplate pod = pod(manifest, owner);
            List<JsonNode> reloaders = reloaders(pod.spec());
            assertThat(reloaders).as(owner + " reloader sidecars").hasSize(1);
            List<String> watchedVolumes = new ArrayList<>();
            for (String dir : flagValues(reloaders.get(0), "--watched-dir")) {
                watchedVolumes.add(volumeMountedAt(reloaders.get(0), dir).orElseThrow(
                        () -> new AssertionError(owner + ": the reloader watches " + dir + ", which it does not mount")));
            }
            assertThat(watchedVolumes).as(owner + " watched volumes").containsExactlyInAnyOrderElementsOf(RELOADED.get(owner));
        }
        JsonNode prometheus = pod(manifest, "StatefulSet/prometheus").spec().path("containers").get(0);
        // Prometheus serves POST /-/reload only with the lifecycle API enabled.
        assertThat(SecurityTest.strings(prometheus.path("args"))).contains("--web.enable-lifecycle");
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void everyReloaderCallsTheReloadEndpointOfAContainerInItsPodAndWatchesWhatThatContainerReads(Target target) {
        List<String> broken = new ArrayList<>();
        for (Manifest.PodTemplate pod : Renderer.render(target).podTemplates()) {
            for (JsonNode reloader : reloaders(pod.spec())) {
                String name = pod.owner() + " " + reloader.path("name").asText();
                URI url = URI.create(flagValues(reloader, "--reload-url").get(0));
                if (!List.of("127.0.0.1", "localhost").contains(url.getHost()) || !url.getPath().equals("/-/reload")) {
                    broken.add(name + " calls " + url + ", not /-/reload on its own pod");
                }
                List<JsonNode> others = new ArrayList<>();
                pod.spec().path("containers").forEach(c -> {
                    if (c != reloader) {
                        others.add(c);
                    }
                });
                boolean listened = others.stream().anyMatch(c -> {
                    for (JsonNode p : c.path("ports")) {
                        if (p.path("containerPort").asInt() == url.getPort()) {
                            return true;
                        }
                    }
                    return false;
                });
                if (!listened) {
                    broken.add(name + " calls port " + url.getPort() + ", which no other container of the pod listens on");
                }
                for (String dir : flagValues(reloader, "--watched-dir")) {
                    Optional<String> volume = volumeMountedAt(reloader, dir);
                    if (volume.isEmpty()) {
                        broken.add(name + " watches " + dir + ", which it does not mount");
                    } else if (others.stream().noneMatch(c -> volumeMountedAt(c, dir).equals(volume))) {
                        broken.add(name + " watches volume " + volume.get() + " at " + dir + ", where no other container reads it");
                    }
                }
            }
        }
        assertThat(broken).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void lokisRulerPollsItsRulesDirectory(Target target) {
        Manifest manifest = Renderer.render(target);
        JsonNode ruler = Yaml.parse(manifest.configMapGeneratedAs("loki-config").path("data").path("loki.yaml").asText()).path("ruler");

        // Loki re-lists ruler.storage.local.directory every poll_interval; no sidecar is needed.
        assertThat(ruler.path("storage").path("type").asText()).isEqualTo("local");
        assertThat(ruler.path("poll_interval").asText()).isEqualTo("1m");
    }

    private static Manifest.PodTemplate pod(Manifest manifest, String owner) {
        return manifest.podTemplates().stream().filter(p -> p.owner().equals(owner)).findFirst()
                .orElseThrow(() -> new AssertionError(manifest + " has no " + owner));
    }

    private static List<JsonNode> reloaders(JsonNode podSpec) {
        List<JsonNode> reloaders = new ArrayList<>();
        podSpec.path("containers").forEach(c -> {
            if (!flagValues(c, "--reload-url").isEmpty()) {
                reloaders.add(c);
            }
        });
        return reloaders;
    }

    private static List<String> flagValues(JsonNode container, String flag) {
        List<String> values = new ArrayList<>();
        container.path("args").forEach(a -> {
            if (a.asText().startsWith(flag + "=")) {
                values.add(a.asText().substring(flag.length() + 1));
            }
        });
        return values;
    }

    private static Optional<String> volumeMountedAt(JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(path)) {
                return Optional.of(m.path("name").asText());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> configMapOf(Manifest.PodTemplate pod, String volume) {
        for (JsonNode v : pod.spec().path("volumes")) {
            if (v.path("name").asText().equals(volume) && v.has("configMap")) {
                return Optional.of(v.path("configMap").path("name").asText());
            }
        }
        return Optional.empty();
    }
}
