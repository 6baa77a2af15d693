package io.github.flinko11y.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinko11y.catalog.Durations;
import io.github.flinko11y.catalog.Metric;
import io.github.flinko11y.alerts.rules.FlinkAlerts;
import io.github.flinko11y.alerts.rules.Runbooks;
import io.github.flinko11y.alerts.testing.GeneratedOutputs;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rule conventions, checked on the generated files themselves (Prometheus and Loki ruler). */
class RuleConventionsTest {

    /**
     * More rules than this in one group make it slow to evaluate and hard to read. The Kubernetes join
     * group is the largest: its info rule must stay in the group of its joins (rules of a group run in
     * order), and every Kubernetes series a panel or alert reads has one join.
     */
    static final int MAX_RULES_PER_GROUP = 12;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ALERT_NAME = Pattern.compile(FlinkAlerts.PREFIX + "(?:[A-Z][a-z0-9]+)+");
    private static final Pattern RECORD_NAME = Pattern.compile("[a-z_]+:[a-zA-Z0-9_]+:[a-z_]+");
    private static final Pattern METRIC_IN_EXPR = Pattern.compile("\\b(?:flink|flinko11y)_[A-Za-z0-9_]+\\b");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    private static List<JsonNode> groups;

    @BeforeAll
    static void read() throws IOException {
        groups = new ArrayList<>();
        for (String file : List.of(GeneratedFiles.PROMETHEUS_RULES, GeneratedFiles.LOKI_RULES)) {
            YAML.readTree(ModuleFiles.module(file).toFile()).get("groups").forEach(groups::add);
        }
    }

    @Test
    void alertNamesAreCamelCaseWithThePrefixAndUnique() {
        List<String> names = alerts().stream().map(a -> a.get("alert").asText()).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(15 + 5).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).matches(ALERT_NAME));
    }

    @Test
    void everyAlertHasASeverityAndNoOtherLabel() {
        assertThat(alerts()).allSatisfy(a -> {
            assertThat(fieldNames(a.get("labels"))).as(a.get("alert").asText()).containsExactly("severity");
            assertThat(a.at("/labels/severity").asText()).isIn(SEVERITIES);
        });
        Set<String> used = new HashSet<>();
        alerts().forEach(a -> used.add(a.at("/labels/severity").asText()));
        assertThat(used).isEqualTo(SEVERITIES);
    }

    @Test
    void everyAlertHasAStaticSummaryATemplatedDescriptionAndItsRunbook() {
        assertThat(alerts()).allSatisfy(a -> {
            String name = a.get("alert").asText();
            assertThat(fieldNames(a.get("annotations"))).as(name)
                    .containsExactly("description", "runbook_url", "summary");
            String summary = a.at("/annotations/summary").asText();
            assertThat(summary).as(name + " summary").doesNotContain("{{").endsWith(".");
            assertThat(Character.isUpperCase(summary.charAt(0))).as(name + " summary is capitalised").isTrue();
            String description = a.at("/annotations/description").asText();
            if (!name.equals(FlinkAlerts.WATCHDOG)) {
                assertThat(description).as(name + " description names what fires").contains("{{ $labels.");
            }
            assertThat(a.at("/annotations/runbook_url").asText())
                    .isEqualTo("https://github.com/flink-o11y/flink-o11y-kit/blob/main/docs/runbooks.md#"
                            + name.toLowerCase(Locale.ROOT))
                    .isEqualTo(Runbooks.url(name));
        });
    }

    @Test
    void everyAlertWaitsAValidForDuration() {
        assertThat(alerts()).allSatisfy(a -> {
            assertThat(a.has("for")).as(a.get("alert").asText() + " has for:").isTrue();
            assertThat(Durations.millis(a.get("for").asText())).isPositive();
        });
    }

    @Test
    void groupsAreSmallAndRecordingRulesNamedLevelMetricOperations() {
        assertThat(groups).allSatisfy(g -> assertThat(g.get("rules").size()).as(g.get("name").asText())
                .isBetween(1, MAX_RULES_PER_GROUP));
        List<String> records = new ArrayList<>();
        groups.forEach(g -> g.get("rules").forEach(r -> {
            if (r.has("record")) {
                records.add(r.get("record").asText());
            }
        }));
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r).matches(RECORD_NAME));
    }

    /** A metric that is not in catalog/ (a typo, a Flink rename) would make an alert that never fires. */
    @Test
    void expressionsNameOnlyCatalogMetricsAndRecordedSeries() throws IOException {
        Set<String> known = new TreeSet<>();
        GeneratedOutputs.catalog().metrics().stream().map(Metric::name).forEach(known::add);
        Set<String> used = new TreeSet<>();
        groups.forEach(g -> g.get("rules").forEach(r -> {
            if (r.has("record")) {
                known.add(r.get("record").asText());
            }
            // Recorded series, label lists (by, on), label matchers and strings (label_replace) name no metric.
            String metricsOnly = r.get("expr").asText().replaceAll("\"[^\"]*\"", "")
                    .replaceAll("[a-z_]+:[a-zA-Z0-9_]+:[a-z_]+", "")
                    .replaceAll("\\b(by|on|without|ignoring|group_left|group_right) \\([^)]*\\)", "").replaceAll("\\{[^}]*\\}", "");
            Matcher m = METRIC_IN_EXPR.matcher(metricsOnly);
            while (m.find()) {
                used.add(m.group());
            }
        }));
        assertThat(used).hasSizeGreaterThan(20);
        assertThat(known).containsAll(used);
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        groups.forEach(g -> g.get("rules").forEach(r -> {
            if (r.has("alert")) {
                alerts.add(r);
            }
        }));
        return alerts;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }
}
