package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.GeneratedInputs;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class RenderTest {

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void rendersObjectsWithUniqueIdentities(Target target) {
        Manifest manifest = Renderer.render(target);

        assertThat(manifest.objects()).as(target + " renders objects").isNotEmpty();
        Set<String> seen = new HashSet<>();
        for (JsonNode object : manifest.objects()) {
            assertThat(object.path("apiVersion").asText()).as(Manifest.id(object) + " apiVersion").isNotBlank();
            assertThat(Manifest.name(object)).as("name of a " + object.path("kind").asText()).isNotBlank();
            String identity = object.path("kind").asText() + "/" + object.path("metadata").path("namespace").asText()
                    + "/" + Manifest.name(object);
            assertThat(seen.add(identity)).as(target + ": " + identity + " twice").isTrue();
        }
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void everyObjectFitsKubectlApplysAnnotation(Target target) throws IOException {
        // Client-side `kubectl apply` stores the object in an annotation limited to 256 KiB.
        for (JsonNode object : Renderer.render(target).objects()) {
            int bytes = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(object).length;
            assertThat(bytes).as(Manifest.id(object) + " in bytes").isLessThan(256 * 1024);
        }
    }

    @Test
    void everyOverlayExampleAndComponentIsRenderedByTheseTests() throws IOException {
        Set<String> tested = new HashSet<>();
        Target.ALL.forEach(t -> tested.add(t.name()));

        for (String parent : List.of("kustomize/overlays", "kustomize/components", "kustomize/examples")) {
            try (Stream<Path> dirs = Files.list(Repository.path(parent))) {
                for (Path dir : dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml"))).toList()) {
                    assertThat(tested).as("Target.ALL covers " + dir.getFileName()).contains(parent + "/" + dir.getFileName());
                }
            }
        }
    }

    @Test
    void everyGeneratedDashboardIsInTheDashboardsKustomization() throws IOException {
        List<String> listed = GeneratedInputs.filesReadBy("dashboards");
        try (Stream<Path> files = Files.list(Repository.path("dashboards/generated"))) {
            List<String> generated = files.filter(f -> f.toString().endsWith(".json"))
                    .map(f -> Repository.root().relativize(f).toString()).sorted().toList();
            assertThat(generated).as("dashboards/generated/ (built by the dashboards module)").isNotEmpty();
            assertThat(listed).as("dashboards/kustomization.yaml lists every generated dashboard").containsAll(generated);
        }
    }
}
