package io.github.flinko11y.alerts.overrides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Thresholds without forking" as a user runs it, after {@code package}: the overrides
 * file, the command and the kustomizations exactly as alert-rules/README.md shows them, in a
 * directory laid out as it says (a clone of the kit next to the user's {@code my-monitoring/}), with
 * the built {@code -cli} jar (its own catalog, no repository needed) and the real
 * {@code kubectl kustomize}.
 */
class OverridesCommandIT {

    private static final Path README = ModuleFiles.module("README.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theReadmesCommandWritesTheRulesAndItsKustomizationsDeployThem(@TempDir Path dir) throws Exception {
        String readme = Files.readString(README);
        String overrides = block(readme, "yaml", "overrides:");
        assertThat(overrides).as("the README shows examples/my-alerts.yaml, which the promtool scenario tests")
                .isEqualTo(Files.readString(ModuleFiles.module("examples/my-alerts.yaml")));
        String commands = block(readme, "bash", "java -jar");

        Files.createSymbolicLink(dir.resolve("flink-o11y-kit"), ModuleFiles.REPOSITORY);
        Path mine = Files.createDirectories(dir.resolve("my-monitoring"));
        Files.writeString(mine.resolve("my-alerts.yaml"), overrides);
        Files.writeString(mine.resolve("kustomization.yaml"), block(readme, "yaml", "behavior: replace"));
        Path stack = Files.createDirectories(dir.resolve("my-stack-monitoring"));
        Files.writeString(stack.resolve("kustomization.yaml"), block(readme, "yaml", "patches:"));

        Matcher jar = Pattern.compile("java -jar (\\S+)").matcher(commands);
        assertThat(jar.find()).isTrue();
        assertThat(mine.resolve(jar.group(1)).toRealPath()).as("the README runs the jar the build makes")
                .isEqualTo(Path.of(System.getProperty("cli.jar")).toRealPath());

        CommandLineTool.Result run = CommandLineTool.run(dir, null, List.of("bash", "-euo", "pipefail", "-c", commands));
        assertThat(run.exitCode()).as("%s", run).isZero();
        Map<String, String> expected = OverridesCommand.generate(Catalog.read(ModuleFiles.REPOSITORY.resolve("catalog")),
                mine.resolve("my-alerts.yaml"));
        for (Map.Entry<String, String> file : expected.entrySet()) {
            assertThat(Files.readString(mine.resolve("generated").resolve(file.getKey()))).as(file.getKey())
                    .isEqualTo(file.getValue());
        }
        assertThat(run.output()).contains("wrote generated/prometheus/flink-rules.yaml").doesNotContain("SLF4J");

        // The bundled Prometheus mounts the replaced ConfigMap, under its stable name (reloaded in place).
        List<JsonNode> rendered = kustomize(mine);
        JsonNode rules = only(rendered, "ConfigMap", "prometheus-rules");
        assertThat(rules.at("/data/flink-rules.yaml").asText())
                .isEqualTo(expected.get(OverridesCommand.PROMETHEUS_RULES)).contains("override_scope");
        assertThat(only(rendered, "StatefulSet", "prometheus").toString())
                .contains("\"name\":\"" + rules.at("/metadata/name").asText() + "\"");

        // The Prometheus Operator flavour: the PrometheusRule's groups are the generated ones.
        Files.createDirectories(stack.resolve("generated"));
        CommandLineTool.Result copy = CommandLineTool.run(dir, "cp", "-r", "my-monitoring/generated", "my-stack-monitoring/");
        assertThat(copy.exitCode()).as("%s", copy).isZero();
        JsonNode prometheusRule = only(kustomize(stack), "PrometheusRule", "flink-o11y-rules");
        assertThat(prometheusRule.get("spec"))
                .isEqualTo(YAML.readTree(expected.get(OverridesCommand.PROMETHEUS_RULE_RESOURCE)).get("spec"));
    }

    @Test
    void theJarReportsAMistakeInTheFileAndWritesNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("my-alerts.yaml"), "overrides:\n  - match: {job_name: billing}\n"
                + "    thresholds: {checkpointMaxAge: 5 min}\n");
        CommandLineTool.Result run = CommandLineTool.run(dir, "java", "-jar", System.getProperty("cli.jar"),
                "--overrides", "my-alerts.yaml", "--out", "generated");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.output().strip()).isEqualTo("my-alerts.yaml: overrides[0].thresholds.checkpointMaxAge: \"5 min\""
                + " is not a Prometheus duration: units y, w, d, h, m, s, ms, largest first, each at most once, like"
                + " 500ms, 90s, 10m or 1h30m (the default is 30m)");
        assertThat(dir.resolve("generated")).doesNotExist();
    }

    private static List<JsonNode> kustomize(Path kustomization) throws IOException {
        CommandLineTool.Result build = CommandLineTool.run(kustomization, "kubectl", "kustomize", ".");
        assertThat(build.exitCode()).as("%s", build).isZero();
        List<JsonNode> objects = new ArrayList<>();
        YAML.readerFor(JsonNode.class).readValues(build.output()).forEachRemaining(o -> objects.add((JsonNode) o));
        return objects;
    }

    private static JsonNode only(List<JsonNode> objects, String kind, String namePrefix) {
        List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                && o.at("/metadata/name").asText().startsWith(namePrefix)).toList();
        assertThat(found).as(kind + " " + namePrefix + "*").hasSize(1);
        return found.get(0);
    }

    /** The one code block of {@code language} in the README that contains {@code marker}. */
    private static String block(String readme, String language, String marker) {
        List<String> found = new ArrayList<>();
        for (Matcher m = BLOCK.matcher(readme); m.find(); ) {
            if (m.group(1).equals(language) && m.group(2).contains(marker)) {
                found.add(m.group(2));
            }
        }
        assertThat(found).as("```" + language + " blocks of alert-rules/README.md with " + marker).hasSize(1);
        return found.get(0);
    }
}
