package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Selectors;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Replicated workloads survive node drains and node loss; Grafana sees one Prometheus at a time. */
class AvailabilityTest {

    @Test
    void productionReplicatesPrometheusAlertmanagerAndTheLokiGateway() {
        assertThat(replicated(Renderer.render(Target.directory("kustomize/overlays/production"))))
                .containsExactly("Deployment/loki-gateway", "StatefulSet/alertmanager", "StatefulSet/prometheus");
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void everyReplicatedWorkloadHasADisruptionBudgetAndSpreadsOverNodes(Target target) {
        Manifest manifest = Renderer.render(target);
        List<String> broken = new ArrayList<>();
        for (String owner : replicated(Renderer.render(Target.directory("kustomize/overlays/production")))) {
            JsonNode workload = workload(manifest, owner);
            JsonNode podLabels = workload.path("spec").path("template").path("metadata").path("labels");
            String namespace = workload.path("metadata").path("namespace").asText();
            boolean budgeted = manifest.ofKind("PodDisruptionBudget").stream()
                    .anyMatch(b -> b.path("metadata").path("namespace").asText().equals(namespace)
                            && Selectors.matches(b.path("spec").path("selector"), podLabels));
            if (!budgeted) {
                broken.add(owner + " has no PodDisruptionBudget");
            }
            if (!spreadsOverNodes(workload.path("spec").path("template").path("spec"), podLabels)) {
                broken.add(owner + " has no topology spread or anti-affinity over kubernetes.io/hostname for its own pods");
            }
        }
        assertThat(broken).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void everyDisruptionBudgetCoversOneWorkloadAndStillLetsADrainProceed(Target target) {
        Manifest manifest = Renderer.render(target);
        List<String> broken = new ArrayList<>();
        for (JsonNode budget : manifest.ofKind("PodDisruptionBudget")) {
            List<Manifest.PodTemplate> pods = Selectors.selected(manifest,
                    budget.path("metadata").path("namespace").asText(), budget.path("spec").path("selector"));
            if (pods.size() != 1) {
                broken.add(Manifest.id(budget) + " selects the pods of " + pods.stream().map(Manifest.PodTemplate::owner).toList());
                continue;
            }
            int replicas = workload(manifest, pods.get(0).owner()).path("spec").path("replicas").asInt(1);
            JsonNode spec = budget.path("spec");
            // A budget that allows no eviction at all blocks every node drain (one replica with minAvailable: 1).
            boolean allowsOne = spec.has("maxUnavailable") ? spec.path("maxUnavailable").asInt() >= 1
                    : spec.path("minAvailable").asInt() < replicas;
            if (!allowsOne) {
                broken.add(Manifest.id(budget) + " allows no disruption of " + replicas + " replica(s)");
            }
            if (spec.path("maxUnavailable").asInt(0) >= replicas && replicas > 1) {
                broken.add(Manifest.id(budget) + " lets all " + replicas + " replicas go at once");
            }
        }
        assertThat(broken).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void grafanasPrometheusServiceKeepsEachClientOnOneReplica(Target target) {
        Manifest manifest = Renderer.render(target);
        JsonNode datasources = Yaml.parse(
                manifest.configMapGeneratedAs("grafana-datasources").path("data").path("datasources.yaml").asText());
        String url = null;
        for (JsonNode d : datasources.path("datasources")) {
            if (d.path("type").asText().equals("prometheus")) {
                url = d.path("url").asText();
            }
        }
        JsonNode service = ServiceUrls.service(manifest, url, "flink-o11y").orElseThrow();
        List<Manifest.PodTemplate> backends = Selectors.selected(manifest,
                service.path("metadata").path("namespace").asText(), service.path("spec").path("selector"));

        assertThat(backends).extracting(Manifest.PodTemplate::owner).containsExactly("StatefulSet/prometheus");
        // Two replicas hold slightly different samples: alternating between them makes panels flicker.
        assertThat(service.path("spec").path("sessionAffinity").asText()).isEqualTo("ClientIP");
    }

    /** Deployments and StatefulSets with more than one replica, as "Kind/name". */
    private static Set<String> replicated(Manifest manifest) {
        Set<String> owners = new TreeSet<>();
        for (String kind : List.of("Deployment", "StatefulSet")) {
            manifest.ofKind(kind).stream().filter(w -> w.path("spec").path("replicas").asInt(1) > 1)
                    .forEach(w -> owners.add(Manifest.id(w)));
        }
        return owners;
    }

    private static JsonNode workload(Manifest manifest, String owner) {
        String[] kindAndName = owner.split("/", 2);
        return manifest.find(kindAndName[0], kindAndName[1]).orElseThrow(() -> new AssertionError(manifest + " has no " + owner));
    }

    /** A hostname topology spread or pod anti-affinity whose selector takes the workload's own pods. */
    static boolean spreadsOverNodes(JsonNode podSpec, JsonNode podLabels) {
        for (JsonNode c : podSpec.path("topologySpreadConstraints")) {
            if (c.path("topologyKey").asText().equals("kubernetes.io/hostname") && c.path("maxSkew").asInt() == 1
                    && Selectors.matches(c.path("labelSelector"), podLabels)) {
                return true;
            }
        }
        JsonNode antiAffinity = podSpec.path("affinity").path("podAntiAffinity");
        List<JsonNode> terms = new ArrayList<>();
        antiAffinity.path("requiredDuringSchedulingIgnoredDuringExecution").forEach(terms::add);
        antiAffinity.path("preferredDuringSchedulingIgnoredDuringExecution").forEach(t -> terms.add(t.path("podAffinityTerm")));
        return terms.stream().anyMatch(t -> t.path("topologyKey").asText().equals("kubernetes.io/hostname")
                && Selectors.matches(t.path("labelSelector"), podLabels));
    }
}
