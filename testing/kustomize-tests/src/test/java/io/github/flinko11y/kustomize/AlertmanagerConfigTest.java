package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
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
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The rendered Alertmanager configuration through the real amtool, and where its secrets come from. */
class AlertmanagerConfigTest {

    /**
     * Fields that carry a credential in Alertmanager 0.25 (amtool here) and in the receivers added up to
     * the deployed 0.34 (Discord, Microsoft Teams, Pushover's user key, Rocket.Chat); each has a *_file
     * twin that reads it from a file.
     */
    private static final Set<String> CREDENTIAL_FIELDS = Set.of(
            "api_url", "routing_key", "service_key", "api_key", "password", "credentials", "bearer_token",
            "auth_password", "auth_secret", "bot_token", "token", "client_secret", "webhook_url", "user_key", "token_id");

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void renderedConfigPassesAmtool(Target target, @TempDir Path dir) throws IOException {
        Manifest manifest = Renderer.render(target);
        String config = alertmanagerYml(manifest);
        Files.writeString(dir.resolve("alertmanager.yml"), config);

        CommandLineTool.Result amtool = CommandLineTool.run(dir, "amtool", "check-config", "alertmanager.yml");

        assertThat(amtool.exitCode()).as(amtool.output()).isZero();
        int receivers = Yaml.parse(config).path("receivers").size();
        assertThat(receivers).isPositive();
        assertThat(amtool.output()).contains("SUCCESS").contains(" - " + receivers + " receivers");
        JsonNode statefulSet = manifest.find("StatefulSet", "alertmanager").orElseThrow();
        assertThat(statefulSet.path("spec").path("template").path("spec").path("containers").get(0).path("args").toString())
                .contains("--config.file=" + CrossReferenceTest.mountPathOf(statefulSet, "config") + "/alertmanager.yml");
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void credentialsAreFilesInTheMountedUserSecret(Target target) {
        Manifest manifest = Renderer.render(target);
        JsonNode config = Yaml.parse(alertmanagerYml(manifest));
        JsonNode statefulSet = manifest.find("StatefulSet", "alertmanager").orElseThrow();
        String secretsMount = CrossReferenceTest.mountPathOf(statefulSet, "secrets");
        List<String> literals = new ArrayList<>();
        Set<String> files = new TreeSet<>();
        walk(config, "", literals, files);

        assertThat(literals).as("credentials written into the config").isEmpty();
        assertThat(files).as("*_file fields").isNotEmpty();
        assertThat(files).allSatisfy(f -> assertThat(Path.of(f).getParent().toString()).isEqualTo(secretsMount));
        JsonNode secretVolume = null;
        for (JsonNode v : statefulSet.path("spec").path("template").path("spec").path("volumes")) {
            if (v.path("name").asText().equals("secrets")) {
                secretVolume = v;
            }
        }
        assertThat(secretVolume.path("secret").path("secretName").asText()).isEqualTo("alertmanager-receivers");
    }

    /** Keys of the alertmanager-receivers Secret that the rendered configuration reads. */
    static Set<String> secretKeys(Manifest manifest) {
        Set<String> files = new TreeSet<>();
        walk(Yaml.parse(alertmanagerYml(manifest)), "", new ArrayList<>(), files);
        Set<String> keys = new TreeSet<>();
        files.forEach(f -> keys.add(Path.of(f).getFileName().toString()));
        return keys;
    }

    static String alertmanagerYml(Manifest manifest) {
        return manifest.configMapGeneratedAs("alertmanager-config").path("data").path("alertmanager.yml").asText();
    }

    private static void walk(JsonNode node, String path, List<String> literals, Set<String> files) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                String key = e.getKey();
                if (CREDENTIAL_FIELDS.contains(key) && e.getValue().isValueNode()) {
                    literals.add(path + "." + key);
                }
                if (key.endsWith("_file")) {
                    files.add(e.getValue().asText());
                }
                walk(e.getValue(), path + "." + key, literals, files);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", literals, files);
            }
        }
    }
}
