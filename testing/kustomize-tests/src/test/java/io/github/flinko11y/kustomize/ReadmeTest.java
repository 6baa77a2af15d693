package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** kustomize/README.md tells users what the rendered manifests expect from them. */
class ReadmeTest {

    private static String readme() throws IOException {
        return Files.readString(Repository.path("kustomize/README.md"));
    }

    @Test
    void documentsEveryKeyOfTheUserProvidedSecrets() throws IOException {
        Manifest dev = Renderer.render(Target.directory("kustomize/overlays/dev"));
        JsonNode grafana = dev.find("Deployment", "grafana").orElseThrow();
        String adminMount = CrossReferenceTest.mountPathOf(grafana, "admin");
        Set<String> grafanaKeys = new TreeSet<>();
        grafana.path("spec").path("template").path("spec").path("containers").get(0).path("env").forEach(e -> {
            if (e.path("name").asText().endsWith("__FILE")) {
                assertThat(Path.of(e.path("value").asText()).getParent().toString()).isEqualTo(adminMount);
                grafanaKeys.add(Path.of(e.path("value").asText()).getFileName().toString());
            }
        });

        assertThat(grafanaKeys).containsExactly("admin-password", "admin-user");
        assertThat(CrossReferenceTest.USER_PROVIDED_SECRETS).containsExactlyInAnyOrder("grafana-admin", "alertmanager-receivers");
        String readme = readme();
        grafanaKeys.forEach(key -> assertThat(readme).contains("| `grafana-admin` | `" + key + "` |"));
        Set<String> receiverKeys = AlertmanagerConfigTest.secretKeys(dev);
        assertThat(receiverKeys).isNotEmpty();
        receiverKeys.forEach(key -> assertThat(readme).as("README documents " + key)
                .contains("| `alertmanager-receivers` | `" + key + "` |"));
        receiverKeys.forEach(key -> assertThat(readme).contains("--from-file=" + key + "="));
    }

    @Test
    void showsTheApplyCommandOfEveryOverlay() throws IOException {
        String readme = readme();
        try (var overlays = Files.list(Repository.path("kustomize/overlays"))) {
            overlays.forEach(o -> assertThat(readme).contains("kubectl apply -k kustomize/overlays/" + o.getFileName()));
        }
        assertThat(readme).contains("kubectl -n flink-o11y port-forward svc/grafana 3000:3000");
    }
}
