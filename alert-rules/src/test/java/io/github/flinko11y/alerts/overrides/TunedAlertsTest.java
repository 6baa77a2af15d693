package io.github.flinko11y.alerts.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.alerts.rules.Alert;
import io.github.flinko11y.alerts.rules.AlertGroup;
import io.github.flinko11y.alerts.rules.FlinkAlerts;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TunedAlertsTest {

    private static final ObjectNode FILES = Catalog.read(ModuleFiles.REPOSITORY.resolve("catalog"));
    private static final Catalog CATALOG = Catalog.of(FILES);
    private static final List<String> NAMES = alerts(new FlinkAlerts(CATALOG).groups()).stream().map(Alert::name).toList();

    private static TunedAlerts tuned(String yaml) {
        return new TunedAlerts(FILES, new OverridesReader(CATALOG, NAMES).read("my-alerts.yaml", yaml));
    }

    private static List<Alert> alerts(List<AlertGroup> groups) {
        return groups.stream().flatMap(g -> g.alerts().stream()).toList();
    }

    private static List<Alert> copies(TunedAlerts tuned, String name) {
        return alerts(tuned.groups()).stream().filter(a -> a.name().equals(name)).toList();
    }

    private static Alert only(TunedAlerts tuned, String name) {
        List<Alert> copies = copies(tuned, name);
        assertThat(copies).as(name).hasSize(1);
        return copies.get(0);
    }

    @Test
    void withoutOverridesEveryAlertIsTheKitsOwn() {
        assertThat(new TunedAlerts(FILES, AlertOverrides.none()).groups()).isEqualTo(new FlinkAlerts(CATALOG).groups());
    }

    @Test
    void topLevelSettingsChangeTheAlertsForEverySeriesWithoutCopies() {
        TunedAlerts tuned = tuned("thresholds: {heapUsedRatio: 0.85, checkpointMaxAge: 45m}\nforDurations: {short: 3m}\n");
        assertThat(alerts(tuned.groups())).hasSize(NAMES.size());
        assertThat(only(tuned, "FlinkHeapNearMaxAfterGc").expr())
                .isEqualTo("max by (namespace, flink_cluster, pod, component) (jvm_memory_usage_after_gc{area=\"heap\"}) > 0.85");
        assertThat(only(tuned, "FlinkCheckpointsNotCompleting").expr()).contains("[45m]").doesNotContain("[30m]");
        assertThat(only(tuned, "FlinkCheckpointsNotCompleting").forDuration()).isEqualTo("3m");
        assertThat(only(tuned, "FlinkJobRestarting").forDuration()).isEqualTo("3m");
        assertThat(only(tuned, "FlinkJobNotRunning").forDuration()).isEqualTo("10m");
        assertThat(tuned.catalog().thresholds().number("heapUsedRatio")).isEqualTo("0.85");
    }

    @Test
    void oneAlertsForChangesThatAlertAndTheDurationItsDescriptionQuotes() {
        TunedAlerts tuned = tuned("for: {FlinkJobNotRunning: 30m}\n");
        Alert notRunning = only(tuned, "FlinkJobNotRunning");
        assertThat(notRunning.forDuration()).isEqualTo("30m");
        assertThat(notRunning.description()).contains("has not been RUNNING for 30m");
        Alert gone = only(tuned, "FlinkJobGone");
        assertThat(gone.forDuration()).as("the other alert with for: medium").isEqualTo("10m");
        assertThat(gone.description()).contains("has reported nothing for 10m");
    }

    @Test
    void aJobOverrideCopiesOnlyTheAlertsThatUseWhatItSetsAndScopesEverySelector() {
        TunedAlerts tuned = tuned("overrides:\n  - match: {job_name: billing}\n    thresholds: {checkpointDurationRatio: 0.5}\n");
        List<Alert> near = copies(tuned, "FlinkCheckpointDurationNearInterval");
        assertThat(near).extracting(Alert::expr).containsExactly(
                "max by (namespace, flink_cluster, job_id, job_name) (flink_jobmanager_job_lastCheckpointDuration{job_name=\"billing\"})"
                        + " > 0.5 * 1800000 / max by (namespace, flink_cluster, job_id, job_name)"
                        + " (delta(flink_jobmanager_job_numberOfCompletedCheckpoints{job_name=\"billing\"}[30m]))",
                "max by (namespace, flink_cluster, job_id, job_name) (flink_jobmanager_job_lastCheckpointDuration{job_name!=\"billing\"})"
                        + " > 0.8 * 1800000 / max by (namespace, flink_cluster, job_id, job_name)"
                        + " (delta(flink_jobmanager_job_numberOfCompletedCheckpoints{job_name!=\"billing\"}[30m]))");
        assertThat(near).extracting(Alert::labels).containsExactly(
                Map.of("severity", "warning", TunedAlerts.SCOPE_LABEL, "job_name=billing"),
                Map.of("severity", "warning", TunedAlerts.SCOPE_LABEL, "job_name!=billing"));
        assertThat(near.get(0).description()).contains("more than 0.5 of the time");
        assertThat(near.get(1).description()).contains("more than 0.8 of the time");
        assertThat(alerts(tuned.groups())).as("every other alert stays single").hasSize(NAMES.size() + 1);
    }

    @Test
    void anOverrideOfAForDurationReachesOnlyTheAlertsWhoseSeriesCarryItsLabels() {
        TunedAlerts tuned = tuned("overrides:\n  - match: {job_name: billing}\n    forDurations: {short: 5m}\n");
        assertThat(copies(tuned, "FlinkJobRestarting")).extracting(Alert::forDuration).containsExactly("5m", "2m");
        assertThat(copies(tuned, "FlinkSinkWriteErrors")).extracting(Alert::forDuration).containsExactly("5m", "2m");
        // No job_name on their series: the override cannot reach them, and they stay the kit's.
        for (String name : List.of("FlinkWatchdog", "FlinkTargetDown", "FlinkNoTaskManagers", "FlinkTaskManagerLost",
                "FlinkLogLinesDropped", "FlinkMonitoringRuleEvaluationFailing")) {
            assertThat(only(tuned, name).forDuration()).as(name).isEqualTo("2m");
        }
    }

    @Test
    void theComplementOfAMatchOnTwoLabelsIsWrittenAsDisjointPieces() {
        TunedAlerts tuned = tuned("overrides:\n  - match: {namespace: prod, job_name: billing}\n"
                + "    thresholds: {checkpointMaxAge: 1h}\n");
        assertThat(copies(tuned, "FlinkCheckpointsNotCompleting"))
                .extracting(a -> a.labels().get(TunedAlerts.SCOPE_LABEL) + " " + a.expr().contains("[1h]"))
                .containsExactly("namespace=prod, job_name=billing true", "namespace!=prod false",
                        "namespace=prod, job_name!=billing false");
    }

    @Test
    void aSeriesMatchingSeveralOverridesTakesEachSettingFromTheLast() {
        TunedAlerts tuned = tuned("overrides:\n"
                + "  - match: {namespace: prod}\n    thresholds: {checkpointMaxAge: 1h, checkpointDurationRatio: 0.6}\n"
                + "  - match: {job_name: billing}\n    thresholds: {checkpointMaxAge: 2h}\n");
        assertThat(copies(tuned, "FlinkCheckpointsNotCompleting"))
                .extracting(a -> a.labels().get(TunedAlerts.SCOPE_LABEL) + " " + window(a.expr()))
                .containsExactly("namespace=prod, job_name=billing 2h", "namespace=prod, job_name!=billing 1h",
                        "namespace!=prod, job_name=billing 2h", "namespace!=prod, job_name!=billing 30m");
        assertThat(copies(tuned, "FlinkCheckpointDurationNearInterval"))
                .extracting(a -> a.labels().get(TunedAlerts.SCOPE_LABEL) + " " + a.expr().contains("> 0.6 *"))
                .as("the job override sets no ratio: the namespace's applies")
                .containsExactly("namespace=prod true", "namespace!=prod false");
    }

    @Test
    void twoLiteralValuesOfOneLabelNeedNoCombinedCopy() {
        TunedAlerts tuned = tuned("overrides:\n"
                + "  - match: {job_name: billing}\n    thresholds: {checkpointMaxAge: 1h}\n"
                + "  - match: {job_name: fraud}\n    thresholds: {checkpointMaxAge: 5m}\n");
        assertThat(copies(tuned, "FlinkCheckpointsNotCompleting"))
                .extracting(a -> a.labels().get(TunedAlerts.SCOPE_LABEL) + " " + window(a.expr()))
                .containsExactly("job_name=billing 1h", "job_name=fraud 5m", "job_name!=billing, job_name!=fraud 30m");
    }

    @Test
    void aPatternIsMatchedAsARegularExpression() {
        TunedAlerts tuned = tuned("overrides:\n  - match: {job_name: \"billing-.*\"}\n    thresholds: {checkpointMaxAge: 1h}\n");
        assertThat(copies(tuned, "FlinkCheckpointsNotCompleting")).extracting(Alert::expr)
                .allSatisfy(expr -> assertThat(expr).contains("numberOfCompletedCheckpoints{job_name")
                        .containsAnyOf("{job_name=~\"billing-.*\"}", "{job_name!~\"billing-.*\"}"));
    }

    @Test
    void whatAnOverrideCannotReachIsAMistakeThatSaysWhy() {
        assertThatThrownBy(() -> tuned("overrides:\n  - match: {job_name: a}\n    thresholds: {heapUsedRatio: 0.5}\n"))
                .hasMessage("my-alerts.yaml: overrides[0].thresholds.heapUsedRatio: no alert that uses it can be narrowed"
                        + " to {job_name=\"a\"}: FlinkHeapNearMaxAfterGc (it reads jvm_memory_usage_after_gc, which lacks"
                        + " job_name). Match on labels these series carry, or set it at the top level");
        assertThatThrownBy(() -> tuned("overrides:\n  - match: {job_name: a}\n    thresholds: {sourceIdleAfter: 5m}\n"))
                .hasMessage("my-alerts.yaml: overrides[0].thresholds.sourceIdleAfter: the recording rules use this"
                        + " threshold, and they are not per series: set it under the top-level thresholds instead");
        assertThatThrownBy(() -> tuned("overrides:\n  - match: {job_name: a}\n    thresholds: {logErrorsPerSecond: 5}\n"))
                .hasMessage("my-alerts.yaml: overrides[0].thresholds.logErrorsPerSecond: the Loki rules use this"
                        + " threshold, and they are not per series: set it under the top-level thresholds instead");
        assertThatThrownBy(() -> tuned("overrides:\n  - match: {job_name: a}\n    for: {FlinkWatchdog: 5m}\n"))
                .hasMessage("my-alerts.yaml: overrides[0].for.FlinkWatchdog: FlinkWatchdog cannot be narrowed to"
                        + " {job_name=\"a\"}: it reads no series; set its for: at the top level instead");
        assertThatThrownBy(() -> tuned("overrides:\n  - match: {flink_cluster: c}\n    for: {FlinkTargetsMissing: 5m}\n"))
                .hasMessage("my-alerts.yaml: overrides[0].for.FlinkTargetsMissing: FlinkTargetsMissing cannot be narrowed"
                        + " to {flink_cluster=\"c\"}: it reads up, which lacks flink_cluster; set its for: at the top level instead");
    }

    /**
     * The copies of an alert are disjoint only if every series it reads is selected with the matcher
     * (no selector written past {@code Series}) and it keeps the matched label: every aggregation
     * of an alert that can be narrowed to a label must keep it, or two copies could fire with the
     * same labels. Checked for every alert and every label an override can match on (the notification
     * key; a pod, for one, is not kept by the job alerts, and an override cannot match on it).
     */
    @Test
    void everyAlertThatCanBeNarrowedToALabelSelectsEverySeriesWithItAndKeepsItInEveryAggregation() {
        Pattern by = Pattern.compile("\\bby \\(([^)]*)\\)");
        List<String> checked = new ArrayList<>();
        for (String label : CATALOG.labels().notificationKey()) {
            for (String name : NAMES) {
                List<Alert> copies;
                try {
                    copies = copies(tuned("overrides:\n  - match: {" + label + ": x}\n    for: {" + name + ": 1h}\n"), name);
                } catch (OverridesException cannotBeNarrowed) {
                    continue;
                }
                assertThat(copies).as(name + " on " + label).hasSize(2);
                for (Matcher m = by.matcher(copies.get(0).expr()); m.find(); ) {
                    assertThat(List.of(m.group(1).split(", "))).as(name + " narrowed to " + label).contains(label);
                }
                assertEverySelectorHas(copies.get(0).expr(), label + "=\"x\"", name);
                checked.add(name + "/" + label);
            }
        }
        assertThat(checked).contains("FlinkCheckpointDurationNearInterval/job_name", "FlinkJobGone/job_name",
                "FlinkNoTaskManagers/flink_cluster", "FlinkHeapNearMaxAfterGc/namespace", "FlinkTaskBusy/job_name");
        assertThat(checked).doesNotContain("FlinkNoTaskManagers/job_name", "FlinkHeapNearMaxAfterGc/job_name",
                "FlinkWatchdog/namespace", "FlinkTargetsMissing/namespace", "FlinkMonitoringLokiRequestErrors/namespace");
    }

    /** Every series of the catalog the expression names is selected with {@code matcher}: none bypasses Series. */
    private static void assertEverySelectorHas(String expr, String matcher, String alert) {
        List<String> names = new ArrayList<>();
        CATALOG.metrics().forEach(m -> names.add(m.name()));
        CATALOG.recordingRules().all().forEach(r -> names.add(r.record()));
        names.add("up");
        int selectors = 0;
        for (String name : names) {
            Matcher m = Pattern.compile("(?<![A-Za-z0-9_:])" + Pattern.quote(name) + "(?![A-Za-z0-9_:])").matcher(expr);
            while (m.find()) {
                String rest = expr.substring(m.end());
                assertThat(rest).as(alert + ": " + name + " selected with " + matcher + " in " + expr).startsWith("{");
                assertThat(rest.substring(0, rest.indexOf('}'))).as(alert + ": " + name + " in " + expr).contains(matcher);
                selectors++;
            }
        }
        assertThat(selectors).as(alert + " reads series").isPositive();
    }

    private static String window(String expr) {
        Matcher m = Pattern.compile("\\[(\\w+)\\]").matcher(expr);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
