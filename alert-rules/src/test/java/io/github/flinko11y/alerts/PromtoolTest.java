package io.github.flinko11y.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinko11y.alerts.rules.Alert;
import io.github.flinko11y.alerts.rules.Runbooks;
import io.github.flinko11y.catalog.Durations;
import io.github.flinko11y.catalog.RecordingRule;
import io.github.flinko11y.alerts.testing.GeneratedOutputs;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus' own promtool checks the generated rules and runs the hand-written unit tests in src/test/promtool. */
class PromtoolTest {

    private static final Path TESTS = ModuleFiles.module("src/test/promtool");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static GeneratedFiles generator;

    @BeforeAll
    static void generate() throws IOException {
        generator = GeneratedOutputs.generator();
    }

    @Test
    void checkRulesAcceptsThePlainRuleFile() throws Exception {
        CommandLineTool.Result check = CommandLineTool.run(ModuleFiles.MODULE, "promtool", "check", "rules", GeneratedFiles.PROMETHEUS_RULES);
        assertThat(check.exitCode()).as("%s", check).isZero();
        assertThat(check.output()).contains("SUCCESS: " + ruleCount() + " rules found");
    }

    @Test
    void checkRulesAcceptsTheSpecOfThePrometheusRule(@TempDir Path dir) throws Exception {
        JsonNode resource = YAML.readTree(ModuleFiles.module(GeneratedFiles.PROMETHEUS_RULE_RESOURCE).toFile());
        assertThat(resource.get("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(resource.at("/metadata/name").asText()).isEqualTo("flink-o11y-rules");
        assertThat(resource.at("/metadata/namespace").isMissingNode()).as("kustomize sets the namespace").isTrue();
        JsonNode plain = YAML.readTree(ModuleFiles.module(GeneratedFiles.PROMETHEUS_RULES).toFile());
        assertThat(resource.get("spec")).as("the same groups as the plain rule file").isEqualTo(plain);

        Path spec = dir.resolve("spec.yaml");
        YAML.writeValue(spec.toFile(), resource.get("spec"));
        CommandLineTool.Result check = CommandLineTool.run(dir, "promtool", "check", "rules", spec.toString());
        assertThat(check.exitCode()).as("%s", check).isZero();
        assertThat(check.output()).contains("SUCCESS: " + ruleCount() + " rules found");
    }

    @Test
    void unitTestsPass() throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
        testFiles().forEach(f -> command.add(ModuleFiles.MODULE.relativize(f).toString()));
        CommandLineTool.Result test = CommandLineTool.run(ModuleFiles.MODULE, null, command);
        assertThat(test.exitCode()).as("%s", test).isZero();
        assertThat(test.output()).doesNotContain("FAILED");
        assertThat(test.output().split("SUCCESS", -1)).hasSize(testFiles().size() + 1);
    }

    /** The unit tests can fail: with every for: one minute longer, the "firing" cases do. */
    @Test
    void unitTestsFailWhenAlertsFireLater(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve(GeneratedFiles.PROMETHEUS_RULES);
        Files.createDirectories(rules.getParent());
        String slower = Pattern.compile("for: (\\d+)m")
                .matcher(Files.readString(ModuleFiles.module(GeneratedFiles.PROMETHEUS_RULES)))
                .replaceAll(m -> "for: " + (Integer.parseInt(m.group(1)) + 1) + "m");
        assertThat(slower).contains("for: 11m").doesNotContain("for: 10m");
        Files.writeString(rules, slower);
        Path tests = dir.resolve("src/test/promtool");
        Files.createDirectories(tests);
        List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
        for (Path file : testFiles()) {
            Files.copy(file, tests.resolve(file.getFileName()));
            command.add("src/test/promtool/" + file.getFileName());
        }
        CommandLineTool.Result test = CommandLineTool.run(dir, null, command);
        assertThat(test.exitCode()).as("%s", test).isEqualTo(1);
        for (Alert alert : prometheusAlerts()) {
            assertThat(test.output()).as("a firing case of " + alert.name() + " failed")
                    .contains("alertname: " + alert.name() + ", time:");
        }
    }

    @Test
    void everyAlertIsSilentOneEvaluationBeforeItFiresWithItsLabelsAndAnnotations() throws IOException {
        List<JsonNode> cases = alertCases();
        for (Alert alert : prometheusAlerts()) {
            List<JsonNode> own = cases.stream().filter(c -> c.get("alertname").asText().equals(alert.name())).toList();
            JsonNode firing = own.stream().filter(c -> c.get("exp_alerts").size() > 0).findFirst()
                    .orElseThrow(() -> new AssertionError(alert.name() + " has no promtool case where it fires"));
            long firesAt = Durations.millis(firing.get("eval_time").asText());
            assertThat(firesAt).as(alert.name() + " fires only after its for: " + alert.forDuration())
                    .isGreaterThanOrEqualTo(Durations.millis(alert.forDuration()));
            assertThat(own).as(alert.name() + " is silent one evaluation before it fires")
                    .anySatisfy(c -> {
                        assertThat(c.get("exp_alerts")).isEmpty();
                        assertThat(Durations.millis(c.get("eval_time").asText())).isEqualTo(firesAt - 60_000);
                    });
            for (JsonNode expected : firing.get("exp_alerts")) {
                assertThat(expected.at("/exp_labels/severity").asText()).isEqualTo(alert.severity().label());
                assertThat(expected.at("/exp_annotations/summary").asText()).isEqualTo(alert.summary());
                assertThat(expected.at("/exp_annotations/runbook_url").asText()).isEqualTo(Runbooks.url(alert.name()));
                assertThat(expected.at("/exp_annotations/description").asText())
                        .as("the rendered description of " + alert.name()).isNotBlank().doesNotContain("{{");
            }
        }
    }

    @Test
    void everyRecordingRuleHasAnExpressionTest() throws IOException {
        List<String> tested = new ArrayList<>();
        for (Path file : testFiles()) {
            for (JsonNode test : YAML.readTree(file.toFile()).get("tests")) {
                test.path("promql_expr_test").forEach(t -> tested.add(t.get("expr").asText()));
            }
        }
        List<RecordingRule> rules = GeneratedOutputs.catalog().recordingRules().all();
        assertThat(rules).isNotEmpty();
        for (RecordingRule rule : rules) {
            assertThat(tested).as("a promql_expr_test of " + rule.record()).contains(rule.record());
        }
    }

    @Test
    void testFilesEvaluateRecordingRulesFirstAndEveryGroup() throws IOException {
        List<String> groups = generator.prometheus().groups().stream().map(g -> (String) g.get("name")).toList();
        for (Path file : testFiles()) {
            JsonNode test = YAML.readTree(file.toFile());
            assertThat(test.get("rule_files").get(0).asText())
                    .isEqualTo("../../../" + GeneratedFiles.PROMETHEUS_RULES);
            List<String> order = new ArrayList<>();
            test.get("group_eval_order").forEach(n -> order.add(n.asText()));
            assertThat(order).as(file.getFileName() + " group_eval_order").isEqualTo(groups);
        }
    }

    private static List<JsonNode> alertCases() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        for (Path file : testFiles()) {
            for (JsonNode test : YAML.readTree(file.toFile()).get("tests")) {
                test.path("alert_rule_test").forEach(cases::add);
            }
        }
        return cases;
    }

    private static List<Alert> prometheusAlerts() {
        return generator.prometheus().alertGroups().stream().flatMap(g -> g.alerts().stream()).toList();
    }

    private static int ruleCount() {
        return generator.prometheus().groups().stream().mapToInt(g -> ((List<?>) g.get("rules")).size()).sum();
    }

    private static List<Path> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(TESTS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".test.yaml")).sorted().toList();
        }
    }
}
