package io.github.flinko11y.alerts.overrides;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinko11y.alerts.GeneratedFiles;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules generated with the example overrides file (examples/my-alerts.yaml: one job with a
 * 5-minute checkpoint interval, one with 10 s) pass promtool, and promtool's rule tests on series of
 * three jobs (src/test/promtool-overrides/three-jobs.test.yaml) see each job alerted under its own
 * thresholds and {@code for:}, once, with the complete set of firing alerts asserted at seven times.
 */
class OverridesPromtoolTest {

    private static final Path EXAMPLE = ModuleFiles.module("examples/my-alerts.yaml");
    private static final Path SCENARIO = ModuleFiles.module("src/test/promtool-overrides/three-jobs.test.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path out;

    @BeforeAll
    static void generate() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OverridesCommand.run(new String[] {"--overrides", EXAMPLE.toString(), "--out", out.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void checkRulesAcceptsTheRuleFileAndThePrometheusRulesSpecWithoutLintFindings(@TempDir Path dir) throws Exception {
        // The kit's rules and one more copy of FlinkCheckpointDurationNearInterval, two of FlinkCheckpointsNotCompleting.
        int rules = ruleCount(YAML.readTree(ModuleFiles.module(GeneratedFiles.PROMETHEUS_RULES).toFile())) + 3;
        CommandLineTool.Result check = CommandLineTool.run(out, "promtool", "check", "rules", OverridesCommand.PROMETHEUS_RULES);
        assertThat(check.exitCode()).as("%s", check).isZero();
        assertThat(check.output()).contains("SUCCESS: " + rules + " rules found").doesNotContain("lint", "duplicate");

        JsonNode resource = YAML.readTree(out.resolve(OverridesCommand.PROMETHEUS_RULE_RESOURCE).toFile());
        assertThat(resource.get("spec")).isEqualTo(YAML.readTree(out.resolve(OverridesCommand.PROMETHEUS_RULES).toFile()));
        Path spec = dir.resolve("spec.yaml");
        YAML.writeValue(spec.toFile(), resource.get("spec"));
        CommandLineTool.Result specCheck = CommandLineTool.run(dir, "promtool", "check", "rules", spec.toString());
        assertThat(specCheck.exitCode()).as("%s", specCheck).isZero();
        assertThat(specCheck.output()).contains("SUCCESS: " + rules + " rules found");
    }

    /** Every form a matcher takes (literal, pattern, escaped character, negated, several labels) is valid PromQL. */
    @Test
    void checkRulesAcceptsEveryFormOfMatcher(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("forms.yaml");
        Files.writeString(file, """
                thresholds: {restartLoopCount: 5, taskManagerLossWindow: 15m}
                forDurations: {long: 20m}
                for: {FlinkJobNotRunning: 30m}
                overrides:
                  - match: {namespace: prod, job_name: "billing-.*"}
                    thresholds: {backPressuredMsPerSecond: 700, busyMsPerSecond: 950, watermarkLag: 15m}
                  - match: {job_name: "orders\\\\.v2"}
                    thresholds: {sourceLagRecords: 100000}
                    forDurations: {short: 5m, medium: 20m}
                  - match: {flink_cluster: "batch-[0-9]+"}
                    thresholds: {heapUsedRatio: 0.95, gcTimeMsPerSecond: 300, restartLoopCount: 10}
                    for: {FlinkNoTaskManagers: 10m}
                """);
        Path rules = dir.resolve("out");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OverridesCommand.run(new String[] {"--overrides", file.toString(), "--out", rules.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String text = Files.readString(rules.resolve(OverridesCommand.PROMETHEUS_RULES));
        assertThat(text).contains("job_name=~\\\"billing-.*\\\"", "job_name!~\\\"billing-.*\\\"",
                "namespace!=\\\"prod\\\"", "job_name=~\\\"orders\\\\\\\\.v2\\\"",
                "flink_cluster=~\\\"batch-[0-9]+\\\"");
        CommandLineTool.Result check = CommandLineTool.run(rules, "promtool", "check", "rules", OverridesCommand.PROMETHEUS_RULES);
        assertThat(check.exitCode()).as("%s", check).isZero();
        assertThat(check.output()).contains("SUCCESS").doesNotContain("lint", "duplicate");
    }

    @Test
    void eachJobIsAlertedUnderItsOwnThresholdsAndForOnce() throws Exception {
        CommandLineTool.Result test = promtoolTest(out);
        assertThat(test.exitCode()).as("%s", test).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    /** The scenario can fail: a copy that loses its matchers evaluates other jobs' series too. */
    @Test
    void theScenarioFailsWhenTheCopiesAreNotNarrowed(@TempDir Path dir) throws Exception {
        String rules = Files.readString(out.resolve(OverridesCommand.PROMETHEUS_RULES));

        // billing-aggregation's copies read every job: sessionization tickets under its ratio 0.5.
        String billingUnscoped = rules.replace("{job_name=\\\"billing-aggregation\\\"}", "");
        assertThat(billingUnscoped).isNotEqualTo(rules);
        CommandLineTool.Result broken = promtoolTest(copyWith(dir.resolve("billing"), billingUnscoped));
        assertThat(broken.exitCode()).as("%s", broken).isEqualTo(1);
        assertThat(broken.output()).contains("alertname: FlinkCheckpointDurationNearInterval, time: 55m")
                .contains("job_name=\"sessionization\", namespace=\"ns\", override_scope=\"job_name=billing-aggregation\"");

        // The default copy reads fraud-detection too: it pages twice for one job at 82m.
        String defaultTooWide = rules.replace(
                "job_name!=\\\"billing-aggregation\\\", job_name!=\\\"fraud-detection\\\"", "job_name!=\\\"billing-aggregation\\\"");
        assertThat(defaultTooWide).isNotEqualTo(rules);
        CommandLineTool.Result twice = promtoolTest(copyWith(dir.resolve("default"), defaultTooWide));
        assertThat(twice.exitCode()).as("%s", twice).isEqualTo(1);
        assertThat(twice.output()).contains("alertname: FlinkCheckpointsNotCompleting, time: 1h22m");
    }

    @Test
    void withoutAnOverridesFileTheRulesAreTheKitsOwn(@TempDir Path dir) throws Exception {
        int exit = OverridesCommand.run(new String[] {"--out", dir.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertThat(exit).isZero();
        assertThat(YAML.readTree(dir.resolve(OverridesCommand.PROMETHEUS_RULES).toFile()))
                .isEqualTo(YAML.readTree(ModuleFiles.module(GeneratedFiles.PROMETHEUS_RULES).toFile()));
        assertThat(YAML.readTree(dir.resolve(OverridesCommand.ALERTMANAGER).toFile()))
                .isEqualTo(YAML.readTree(ModuleFiles.module(GeneratedFiles.ALERTMANAGER).toFile()));
        assertThat(YAML.readTree(dir.resolve(OverridesCommand.LOKI_RULES).toFile()))
                .isEqualTo(YAML.readTree(ModuleFiles.module(GeneratedFiles.LOKI_RULES).toFile()));
        assertThat(YAML.readTree(dir.resolve(OverridesCommand.PROMETHEUS_RULE_RESOURCE).toFile()))
                .isEqualTo(YAML.readTree(ModuleFiles.module(GeneratedFiles.PROMETHEUS_RULE_RESOURCE).toFile()));
    }

    private static Path copyWith(Path dir, String rules) throws IOException {
        Files.createDirectories(dir.resolve("prometheus"));
        Files.writeString(dir.resolve(OverridesCommand.PROMETHEUS_RULES), rules);
        return dir;
    }

    private static CommandLineTool.Result promtoolTest(Path dir) throws IOException {
        Files.copy(SCENARIO, dir.resolve(SCENARIO.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return CommandLineTool.run(dir, "promtool", "test", "rules", SCENARIO.getFileName().toString());
    }

    private static int ruleCount(JsonNode ruleFile) {
        int count = 0;
        for (JsonNode group : ruleFile.get("groups")) {
            count += group.get("rules").size();
        }
        return count;
    }
}
