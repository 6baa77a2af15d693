package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The kubelet can tell a hung container (liveness) from a busy or starting one (readiness, startup). */
class ProbeTest {

    /** Containers that restore state before they serve (WAL replay, silences, database migrations). */
    private static final Set<String> RESTORE_STATE = Set.of(
            "StatefulSet/prometheus prometheus", "StatefulSet/alertmanager alertmanager",
            "StatefulSet/loki loki", "Deployment/grafana grafana");

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void everyContainerHasLivenessAndReadinessProbes(Target target) {
        List<String> missing = new ArrayList<>();
        for (Manifest.PodTemplate pod : Renderer.render(target).podTemplates()) {
            for (JsonNode container : pod.spec().path("containers")) {
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    if (!container.has(probe)) {
                        missing.add(pod.owner() + " " + container.path("name").asText() + " " + probe);
                    }
                }
            }
        }
        assertThat(missing).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void containersThatRestoreStateStartBehindAStartupProbeLongerThanLiveness(Target target) {
        List<String> found = new ArrayList<>();
        for (Manifest.PodTemplate pod : Renderer.render(target).podTemplates()) {
            for (JsonNode container : pod.spec().path("containers")) {
                String name = pod.owner() + " " + container.path("name").asText();
                if (RESTORE_STATE.contains(name)) {
                    found.add(name);
                    JsonNode startup = container.path("startupProbe");
                    JsonNode liveness = container.path("livenessProbe");
                    assertThat(startup.isObject()).as(name + " startupProbe").isTrue();
                    // Kubernetes' defaults: periodSeconds 10, failureThreshold 3.
                    int startupBudget = startup.path("periodSeconds").asInt(10) * startup.path("failureThreshold").asInt(3);
                    int livenessBudget = liveness.path("periodSeconds").asInt(10) * liveness.path("failureThreshold").asInt(3);
                    assertThat(startupBudget).as(name + " seconds allowed to start").isGreaterThanOrEqualTo(120).isGreaterThan(livenessBudget);
                    assertThat(liveness.path("initialDelaySeconds").asInt(0)).as(name + " liveness waits for the startup probe instead").isZero();
                }
            }
        }
        assertThat(found).as(target.name()).containsExactlyInAnyOrderElementsOf(RESTORE_STATE);
    }
}
