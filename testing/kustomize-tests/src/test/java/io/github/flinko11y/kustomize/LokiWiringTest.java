package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Loki's rendered configuration against the objects around it. No Loki binary exists on the build
 * machines, so the configuration itself is not run through Loki: only its references are checked.
 */
class LokiWiringTest {

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void rulerReadsTheMountedRulesAndAlertsTheBundledAlertmanager(Target target) {
        Manifest manifest = Renderer.render(target);
        JsonNode loki = manifest.find("StatefulSet", "loki").orElseThrow();
        JsonNode config = Yaml.parse(manifest.configMapGeneratedAs("loki-config").path("data").path("loki.yaml").asText());

        // Without auth Loki's tenant is "fake": the ruler reads <directory>/fake/*.yaml.
        String rulesDirectory = config.path("ruler").path("storage").path("local").path("directory").asText();
        assertThat(CrossReferenceTest.mountPathOf(loki, "rules")).isEqualTo(rulesDirectory + "/fake");
        assertThat(config.path("auth_enabled").asBoolean(true)).isFalse();
        assertThat(ServiceUrls.resolves(manifest, config.path("ruler").path("alertmanager_url").asText(), "flink-o11y")).isTrue();
        assertThat(args(loki)).contains("-config.file=" + CrossReferenceTest.mountPathOf(loki, "config") + "/loki.yaml");
        assertThat(config.path("compactor").path("retention_enabled").asBoolean()).isTrue();
        assertThat(config.path("limits_config").path("allow_structured_metadata").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void retentionComesFromTheOverlay(Target target) {
        JsonNode loki = Renderer.render(target).find("StatefulSet", "loki").orElseThrow();
        String retention = null;
        for (JsonNode env : loki.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
            if (env.path("name").asText().equals("LOKI_RETENTION_PERIOD")) {
                retention = env.path("value").asText();
            }
        }
        assertThat(retention).isEqualTo(target.name().endsWith("production") ? "720h" : "72h");
        assertThat(args(loki)).contains("-config.expand-env=true");
    }

    private static List<String> args(JsonNode workload) {
        List<String> args = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers").get(0).path("args").forEach(a -> args.add(a.asText()));
        return args;
    }
}
