package io.github.flinko11y.alerts.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.alerts.rules.FlinkAlerts;
import io.github.flinko11y.alerts.rules.Scope;
import io.github.flinko11y.alerts.testing.GeneratedOutputs;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.catalog.Catalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverridesReaderTest {

    private static final Catalog CATALOG = GeneratedOutputs.catalog();
    private static final List<String> ALERTS = new FlinkAlerts(CATALOG).groups().stream()
            .flatMap(g -> g.alerts().stream()).map(a -> a.name()).toList();

    private static AlertOverrides read(String yaml) {
        return new OverridesReader(CATALOG, ALERTS).read("my-alerts.yaml", yaml);
    }

    @Test
    void readsTheExampleFile() {
        AlertOverrides o = new OverridesReader(CATALOG, ALERTS).read(ModuleFiles.module("examples/my-alerts.yaml"));
        assertThat(o.file()).isEqualTo("my-alerts.yaml");
        assertThat(o.global().thresholds()).isEqualTo(Map.of("heapUsedRatio", "0.85"));
        assertThat(o.global().forDurations()).isEqualTo(Map.of("medium", "15m"));
        assertThat(o.global().forAlerts()).isEmpty();
        assertThat(o.overrides()).hasSize(2);
        AlertOverrides.Override billing = o.overrides().get(0);
        assertThat(billing.where()).isEqualTo("overrides[0]");
        assertThat(billing.match()).containsExactly(new Scope.Matcher("job_name", "billing-aggregation", false));
        assertThat(billing.settings().thresholds())
                .isEqualTo(Map.of("checkpointDurationRatio", "0.5", "checkpointMaxAge", "1h"));
        assertThat(billing.settings().forAlerts()).isEqualTo(Map.of("FlinkCheckpointDurationNearInterval", "30m"));
        AlertOverrides.Override fraud = o.overrides().get(1);
        assertThat(fraud.match()).containsExactly(new Scope.Matcher("job_name", "fraud-detection", false));
        assertThat(fraud.settings().thresholds()).isEqualTo(Map.of("checkpointMaxAge", "5m"));
        assertThat(fraud.settings().forAlerts()).isEqualTo(Map.of("FlinkCheckpointsNotCompleting", "1m"));
    }

    @Test
    void jsonIsReadToo() {
        AlertOverrides o = read("{\"overrides\": [{\"match\": {\"namespace\": \"prod\", \"job_name\": \"billing-.*\"},"
                + " \"forDurations\": {\"short\": \"5m\"}}]}");
        assertThat(o.overrides().get(0).match()).containsExactly(new Scope.Matcher("namespace", "prod", false),
                new Scope.Matcher("job_name", "billing-.*", false));
        assertThat(o.overrides().get(0).settings().forDurations()).isEqualTo(Map.of("short", "5m"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        'thresholds: {checkpointMaxAg: 5m}'                  | 'my-alerts.yaml: thresholds.checkpointMaxAg: no threshold "checkpointMaxAg"; thresholds: restartWindow, restartLoopCount,'
        'thresholds: {checkpointMaxAge: 5 min}'              | 'my-alerts.yaml: thresholds.checkpointMaxAge: "5 min" is not a Prometheus duration: units y, w, d, h, m, s, ms, largest first, each at most once, like 500ms, 90s, 10m or 1h30m (the default is 30m)'
        'thresholds: {checkpointMaxAge: 30m1h}'              | 'my-alerts.yaml: thresholds.checkpointMaxAge: "30m1h" is not a Prometheus duration'
        'thresholds: {checkpointMaxAge: 0s}'                 | 'my-alerts.yaml: thresholds.checkpointMaxAge: "0s" is zero; a window or age must be positive'
        'thresholds: {checkpointMaxAge: 30}'                 | 'my-alerts.yaml: thresholds.checkpointMaxAge: "30" is not a Prometheus duration'
        'thresholds: {checkpointDurationRatio: high}'        | 'my-alerts.yaml: thresholds.checkpointDurationRatio: "high" is not a number; write a number like 0.8 (the default), unquoted'
        'forDurations: {shorter: 1m}'                        | 'my-alerts.yaml: forDurations.shorter: no for: duration "shorter"; keys: long, medium, noTargets, short (to set one alert''s for:, use for: {AlertName: 10m})'
        'for: {FlinkJobRestart: 1m}'                         | 'my-alerts.yaml: for.FlinkJobRestart: no Prometheus alert "FlinkJobRestart"; alerts: FlinkJobNotRunning, FlinkJobGone, FlinkJobRestarting,'
        'for: {FlinkJobRestarting: soon}'                    | 'my-alerts.yaml: for.FlinkJobRestarting: "soon" is not a Prometheus duration'
        'thresolds: {checkpointMaxAge: 5m}'                  | 'my-alerts.yaml: thresolds: unknown key; valid keys here: thresholds, forDurations, for, overrides'
        'thresholds: [checkpointMaxAge]'                     | 'my-alerts.yaml: thresholds: must be a map of threshold id to value'
        'overrides: {job_name: a}'                           | 'my-alerts.yaml: overrides: must be a list of {match, thresholds, forDurations, for} entries'
        'overrides: [{thresholds: {checkpointMaxAge: 5m}}]'  | 'my-alerts.yaml: overrides[0].match: is required: the labels of the series it applies to, like {job_name: "billing"}; labels: namespace, flink_cluster, job_name'
        'overrides: [{match: {jobname: a}, for: {FlinkJobRestarting: 5m}}]' | 'my-alerts.yaml: overrides[0].match.jobname: overrides match on the labels notifications are grouped by, not "jobname"; labels: namespace, flink_cluster, job_name'
        'overrides: [{match: {pod: a}, for: {FlinkJobRestarting: 5m}}]' | 'my-alerts.yaml: overrides[0].match.pod: overrides match on the labels notifications are grouped by, not "pod"; labels: namespace, flink_cluster, job_name'
        'overrides: [{match: {job_name: 3}, for: {FlinkJobRestarting: 5m}}]' | 'my-alerts.yaml: overrides[0].match.job_name: must be a non-empty string: the label''s value, or a regular expression matching the whole value ("billing-.*")'
        'overrides: [{match: {job_name: "a("}, for: {FlinkJobRestarting: 5m}}]' | 'my-alerts.yaml: overrides[0].match.job_name: "a(" is not a regular expression (Unclosed group); escape a special character of a literal value with a backslash'
        'overrides: [{match: {job_name: "(?!test-).*"}, for: {FlinkJobRestarting: 5m}}]' | 'my-alerts.yaml: overrides[0].match.job_name: "(?!test-).*" uses lookaround, a backreference, an atomic group or a possessive quantifier, which Prometheus'' regular expressions (RE2) do not have; write it without'
        'overrides: [{match: {job_name: a}}]'                | 'my-alerts.yaml: overrides[0]: sets nothing; add thresholds, forDurations or for'
        'overrides: [{match: {job_name: a}, treshold: {}}]'  | 'my-alerts.yaml: overrides[0].treshold: unknown key; valid keys here: match, thresholds, forDurations, for'
        'overrides: []'                                      | 'my-alerts.yaml: sets nothing; set at least one of [thresholds, forDurations, for, overrides]'
        '[]'                                                 | 'my-alerts.yaml: the top level must be a map of keys to values, not array'
        'thresholds: {a: 1'                                  | 'my-alerts.yaml: not valid YAML:'
        """)
    void aMistakeNamesTheKeyAndTheFix(String yaml, String message) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(OverridesException.class).hasMessageStartingWith(message);
    }

    @Test
    void aKeyWrittenTwiceIsAMistakeNotTheLastOneWins() {
        assertThatThrownBy(() -> read("thresholds:\n  checkpointMaxAge: 5m\n  checkpointMaxAge: 10m\n"))
                .hasMessage("my-alerts.yaml: not valid YAML: Duplicate field 'checkpointMaxAge' (line 3)");
    }

    @Test
    void anEmptyFileIsAMistake() {
        assertThatThrownBy(() -> read("# nothing\n"))
                .hasMessage("my-alerts.yaml: the file is empty; set at least one of [thresholds, forDurations, for, overrides]");
    }
}
