package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        assertThat(CrossReferenceTest.USER_PROVIDED_SECRETS).containsExactlyInAnyOrder("grafana-admin", "alertmanager-receivers", RemoteWriteTest.SECRET);
        String readme = readme();
        grafanaKeys.forEach(key -> assertThat(readme).contains("| `grafana-admin` | `" + key + "` |"));
        Set<String> receiverKeys = AlertmanagerConfigTest.secretKeys(dev);
        assertThat(receiverKeys).isNotEmpty();
        receiverKeys.forEach(key -> assertThat(readme).as("README documents " + key)
                .contains("| `alertmanager-receivers` | `" + key + "` |"));
        receiverKeys.forEach(key -> assertThat(readme).contains("--from-file=" + key + "="));
    }

    @Test
    void namesEveryImageTheStacksRun() throws IOException {
        String readme = readme();
        Set<String> images = new TreeSet<>();
        for (Target stack : Target.STACKS) {
            Renderer.render(stack).podTemplates().forEach(p -> SecurityTest.containers(p.spec())
                    .forEach(c -> images.add(c.path("image").asText())));
        }

        assertThat(images).isNotEmpty();
        images.forEach(image -> assertThat(readme).as("kustomize/README.md names " + image).contains("`" + image + "`"));
    }

    @Test
    void namesTheToolVersionsTheChecksRanOn() throws IOException {
        String readme = readme();
        for (String tool : List.of("promtool", "amtool")) {
            CommandLineTool.Result version = CommandLineTool.run(Repository.root(), tool, "--version");
            Matcher m = Pattern.compile("version (\\d+\\.\\d+)").matcher(version.output());
            assertThat(m.find()).as(tool + " --version: " + version.output()).isTrue();
            assertThat(readme).as("kustomize/README.md says the checks ran on " + tool + " " + m.group(1))
                    .contains(tool + " " + m.group(1));
        }
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
