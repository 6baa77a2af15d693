package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * kustomize/components/remote-write: the overlay's remote_write section lands in the reloaded
 * prometheus.yml (promtool checks it with the rest, PrometheusConfigTest), and every credential file
 * it names is mounted from the Secret that kustomize/README.md tells users to create.
 */
class RemoteWriteTest {

    static final String SECRET = "prometheus-remote-write";
    private static final Path EXAMPLE_SECTION = Path.of("kustomize/examples/remote-write/remote-write-endpoint/remote-write.yml");
    /** Fields of a remote_write entry (and of its basic_auth, authorization, oauth2, tls_config) that name a file. */
    private static final Set<String> FILE_FIELDS = Set.of(
            "password_file", "username_file", "credentials_file", "client_secret_file", "bearer_token_file",
            "ca_file", "cert_file", "key_file");

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#REMOTE_WRITE")
    void appendsTheOverlaysRemoteWriteSectionToTheConfigurationPrometheusReloads(Target target) throws IOException {
        Manifest manifest = Renderer.render(target);
        JsonNode configMap = manifest.configMapGeneratedAs("prometheus-config");
        JsonNode config = Yaml.parse(configMap.path("data").path("prometheus.yml").asText());
        JsonNode example = Yaml.readOne(Repository.path(EXAMPLE_SECTION.toString()));

        assertThat(Manifest.name(configMap)).as("stable name: a changed endpoint is reloaded, not rolled out")
                .isEqualTo("prometheus-config");
        assertThat(config.path("remote_write")).isEqualTo(example.path("remote_write"));
        assertThat(config.path("scrape_configs").size()).as("the base's scrape jobs are still there").isEqualTo(7);
        // The section's ConfigMap is kustomize's input only (local-config): never applied.
        assertThat(manifest.ofKind("ConfigMap").stream().map(Manifest::name)).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#REMOTE_WRITE")
    void everyCredentialFileOfTheSectionIsAKeyOfTheMountedUserSecret(Target target) throws IOException {
        Manifest manifest = Renderer.render(target);
        JsonNode prometheus = manifest.find("StatefulSet", "prometheus").orElseThrow();
        JsonNode config = Yaml.parse(manifest.configMapGeneratedAs("prometheus-config").path("data").path("prometheus.yml").asText());
        Map<String, String> files = new TreeMap<>();
        config.path("remote_write").forEach(entry -> collectFiles(entry, files));

        String mount = CrossReferenceTest.mountPathOf(prometheus, "remote-write");
        assertThat(volume(prometheus, "remote-write").path("secret").path("secretName").asText()).isEqualTo(SECRET);
        assertThat(CrossReferenceTest.USER_PROVIDED_SECRETS).contains(SECRET);
        assertThat(files).as("credential files of remote_write").isEqualTo(Map.of("password_file", mount + "/password"));
        // The section names no credential itself: the password only through the mounted file.
        assertThat(config.path("remote_write").get(0).path("basic_auth").has("password")).isFalse();
        assertThat(config.path("remote_write").get(0).has("bearer_token")).isFalse();
        String readme = Files.readString(Repository.path("kustomize/README.md"));
        for (String file : files.values()) {
            String key = Path.of(file).getFileName().toString();
            assertThat(readme).as("kustomize/README.md documents the key " + key)
                    .contains("| `" + SECRET + "` | `" + key + "` |")
                    .contains("--from-file=" + key + "=");
        }
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#REMOTE_WRITE")
    void queueCarriesAMillionFlinkSeriesAtTheScrapeIntervalFromTheFirstShards(Target target) {
        JsonNode config = Yaml.parse(Renderer.render(target).configMapGeneratedAs("prometheus-config")
                .path("data").path("prometheus.yml").asText());
        JsonNode queue = config.path("remote_write").get(0).path("queue_config");
        double scrapeSeconds = Double.parseDouble(config.path("global").path("scrape_interval").asText().replace("s", ""));
        int perSend = queue.path("max_samples_per_send").asInt();

        assertThat(config.path("global").path("scrape_interval").asText()).isEqualTo("30s");
        assertThat(perSend).isEqualTo(5000);
        assertThat(queue.path("capacity").asInt()).as("three sends per shard").isEqualTo(3 * perSend);
        // One send per shard every 250 ms: the first shards alone keep up with 1M series.
        double firstShardsPerSecond = queue.path("min_shards").asInt() * perSend / 0.25;
        assertThat(firstShardsPerSecond).isGreaterThanOrEqualTo(1_000_000 / scrapeSeconds);
        assertThat(queue.path("max_shards").asInt() * perSend / 0.25).as("catch-up rate")
                .isGreaterThanOrEqualTo(30 * 1_000_000 / scrapeSeconds);
        assertThat(config.path("remote_write").get(0).path("metadata_config").path("send").asBoolean()).isTrue();
    }

    @Test
    void theComponentWithoutTheOverlaysSectionFailsToRenderNamingTheMissingConfigMap(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - " + dir.relativize(Repository.path("kustomize/overlays/dev"))
                + "\ncomponents:\n  - " + dir.relativize(Repository.path("kustomize/components/remote-write")) + "\n");

        CommandLineTool.Result result = CommandLineTool.run(Repository.root(), "kubectl", "kustomize", dir.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains(SECRET);
    }

    @Test
    void readmeShowsHowAnOverlayTurnsItOn() throws IOException {
        String readme = Files.readString(Repository.path("kustomize/README.md"));
        String example = Files.readString(Repository.path("kustomize/examples/remote-write/kustomization.yaml"));

        assertThat(example).contains("  - ../../components/remote-write").contains("  - remote-write-endpoint");
        assertThat(readme).contains("  - ../../components/remote-write").contains("examples/remote-write")
                .contains("kubectl -n flink-o11y create secret generic " + SECRET);
    }

    private static void collectFiles(JsonNode node, Map<String, String> files) {
        node.fields().forEachRemaining(field -> {
            if (FILE_FIELDS.contains(field.getKey())) {
                files.put(field.getKey(), field.getValue().asText());
            } else if (field.getValue().isObject()) {
                collectFiles(field.getValue(), files);
            }
        });
    }

    private static JsonNode volume(JsonNode workload, String name) {
        List<JsonNode> found = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("volumes").forEach(v -> {
            if (v.path("name").asText().equals(name)) {
                found.add(v);
            }
        });
        assertThat(found).as(Manifest.id(workload) + " volume " + name).hasSize(1);
        return found.get(0);
    }
}
