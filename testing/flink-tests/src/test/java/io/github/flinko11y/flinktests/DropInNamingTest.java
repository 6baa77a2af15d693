package io.github.flinko11y.flinktests;

import static io.github.flinko11y.flinktests.support.ReporterRegistry.FLINKS;
import static io.github.flinko11y.flinktests.support.ReporterRegistry.OURS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.flinktests.support.Exposition;
import io.github.flinko11y.flinktests.support.Exposition.Family;
import io.github.flinko11y.flinktests.support.Exposition.Sample;
import io.github.flinko11y.flinktests.support.ExporterPlugin;
import io.github.flinko11y.flinktests.support.JobMetrics;
import io.github.flinko11y.flinktests.support.ReporterRegistry;
import io.github.flinko11y.flinktests.support.Scrape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.JobManagerJobMetricGroup;
import org.apache.flink.runtime.metrics.groups.JobManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.MetricUtils;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drop-in naming: with the same metrics registered through flink-runtime's real metric groups and
 * registry, our exporter (loaded from the plugin jar) and Flink's PrometheusReporter (from the
 * classpath) export the same families, types, HELP texts, sample names, label names and label
 * values, so dashboards and alerts written for Flink's reporter keep working.
 */
@Timeout(60)
class DropInNamingTest {

    private static final String JOB_NAME = "orders: enrich & count";

    /**
     * Gauges whose value is null or not a number. Flink's reporter exports them as 0, which reads as
     * a real value in alerts and dashboards; ours deliberately leaves their samples out (the family's
     * HELP and TYPE stay). They are compared separately, not as part of the equal-samples check.
     */
    private static final String NULL_GAUGE = "lastCheckpointExternalPath";
    private static final String STRING_GAUGE = "jobState";

    @ParameterizedTest(name = "filterLabelValueCharacters={0}")
    @ValueSource(booleans = {true, false})
    void exportsTheSameFamiliesSamplesAndLabelsAsFlinksReporter(boolean filterLabelValueCharacters)
            throws Exception {
        try (ReporterRegistry reporters = ReporterRegistry.start(
                true, Map.of("filterLabelValueCharacters", String.valueOf(filterLabelValueCharacters)))) {
            assertThat(reporters.reporter(OURS).getClass().getClassLoader())
                    .as("our reporter comes from the plugin jar")
                    .isNotSameAs(getClass().getClassLoader());
            assertThat(reporters.reporter(OURS).getClass().getName())
                    .isEqualTo(ExporterPlugin.FACTORY_CLASS.replace("Factory", ""));
            registerJobManagerAndTaskManagerMetrics(reporters);

            Exposition flinks = Scrape.metrics(reporters.port(FLINKS));
            Exposition ours = Scrape.metrics(reporters.port(OURS));

            assertThat(ours.samples()).as("sanity: a real hierarchy was exported").hasSizeGreaterThan(200);
            // Flink's families are all there, unchanged; what we add (JVM statistics, self-metrics,
            // both on by default) lives under prefixes Flink never uses.
            Set<String> ourFlinkFamilies = new TreeSet<>();
            for (String name : ours.families().keySet()) {
                if (name.startsWith("flink_")) {
                    ourFlinkFamilies.add(name);
                } else {
                    assertThat(name).as("an added family").matches("(flinko11y_exporter|jvm|process|system)_.*");
                }
            }
            assertThat(ours.families().keySet()).as("self-metrics are served by default")
                    .contains("flinko11y_exporter_sample_lines");
            assertThat(ourFlinkFamilies)
                    .as("family names")
                    .containsExactlyInAnyOrderElementsOf(flinks.families().keySet());
            for (Family flinkFamily : flinks.families().values()) {
                Family ourFamily = ours.family(flinkFamily.name());
                assertThat(ourFamily.type()).as("TYPE of %s", flinkFamily.name()).isEqualTo(flinkFamily.type());
                assertThat(ourFamily.help()).as("HELP of %s", flinkFamily.name()).isEqualTo(flinkFamily.help());
                assertThat(sampleNamesAndLabelNames(ourFamily))
                        .as("samples (name, label names) of %s", flinkFamily.name())
                        .containsExactlyInAnyOrderElementsOf(sampleNamesAndLabelNames(comparable(flinkFamily)));
                assertThat(seriesKeys(ourFamily))
                        .as("samples (name, label names and values) of %s", flinkFamily.name())
                        .containsExactlyInAnyOrderElementsOf(seriesKeys(comparable(flinkFamily)));
            }
            assertThat(ours.duplicateSeries()).isEmpty();

            assertDeterministicValuesEqual(flinks, ours);
            assertNonNumericGaugesAreZeroInFlinksAndAbsentInOurs(flinks, ours);
        }
    }

    private static void registerJobManagerAndTaskManagerMetrics(ReporterRegistry reporters) {
        JobID jobId = JobID.generate();

        JobManagerMetricGroup jobManager = reporters.jobManagerGroup("jobmanager-0.flink.svc");
        MetricUtils.instantiateStatusMetrics(jobManager.addGroup("Status"));
        jobManager.gauge("numRegisteredTaskManagers", () -> 1L);
        jobManager.gauge("taskSlotsTotal", () -> 4);
        JobManagerJobMetricGroup jobManagerJob = jobManager.addJob(jobId, JOB_NAME);
        jobManagerJob.gauge("numRestarts", () -> 2L);
        jobManagerJob.gauge("lastCheckpointDuration", () -> 1234L);
        jobManagerJob.gauge(NULL_GAUGE, () -> null);
        jobManagerJob.gauge(STRING_GAUGE, () -> "RUNNING");

        TaskManagerMetricGroup taskManager =
                reporters.taskManagerGroup("taskmanager-0.flink.svc", "taskmanager-0:6122-a1b2c3");
        MetricUtils.instantiateStatusMetrics(taskManager.addGroup("Status"));
        // Quotes and a backslash: escaped in label values when filterLabelValueCharacters is false.
        JobMetrics job = JobMetrics.register(
                taskManager, jobId, JOB_NAME, 2, "Source: orders", "enrich \"v2\"", "Sink: count\\total");
        InternalOperatorMetricGroup source = job.operators().get(0);
        source.addGroup("region", "eu-west/1").counter("lateRecords").inc(3);
        source.gauge(NULL_GAUGE, () -> null);
        source.gauge(STRING_GAUGE, () -> "RUNNING");
    }

    /** Flink's family without the samples of gauges that have no numeric value (see above). */
    private static List<Sample> comparable(Family flinkFamily) {
        if (isNonNumericGauge(flinkFamily.name())) {
            return List.of();
        }
        return flinkFamily.samples();
    }

    private static boolean isNonNumericGauge(String familyName) {
        return familyName.endsWith("_" + NULL_GAUGE) || familyName.endsWith("_" + STRING_GAUGE);
    }

    private static List<String> sampleNamesAndLabelNames(Family family) {
        return sampleNamesAndLabelNames(family.samples());
    }

    private static List<String> sampleNamesAndLabelNames(List<Sample> samples) {
        return samples.stream()
                .map(s -> s.name() + new TreeSet<>(s.labels().keySet()))
                .collect(Collectors.toList());
    }

    private static List<String> seriesKeys(Family family) {
        return seriesKeys(family.samples());
    }

    private static List<String> seriesKeys(List<Sample> samples) {
        return samples.stream().map(Sample::seriesKey).collect(Collectors.toList());
    }

    /**
     * Values of metrics that do not move between the two scrapes (counters, constant gauges,
     * histograms) must be equal too; JVM status gauges and rates move, so only their presence and
     * labels are compared above.
     */
    private static void assertDeterministicValuesEqual(Exposition flinks, Exposition ours) {
        Set<String> stableMetricNames = Set.of(
                JobMetrics.COUNTER, JobMetrics.INT_GAUGE, JobMetrics.DOUBLE_GAUGE, JobMetrics.BOOLEAN_GAUGE,
                JobMetrics.HISTOGRAM, "lateRecords", "numRegisteredTaskManagers", "taskSlotsTotal",
                "numRestarts", "lastCheckpointDuration", "numRecordsIn", "numRecordsOut");
        Map<String, Double> flinkValues = new TreeMap<>();
        Map<String, Double> ourValues = new TreeMap<>();
        for (Family family : flinks.families().values()) {
            if (stableMetricNames.stream().anyMatch(n -> family.name().endsWith("_" + n))) {
                family.samples().forEach(s -> flinkValues.put(s.seriesKey(), s.value()));
                ours.family(family.name()).samples().forEach(s -> ourValues.put(s.seriesKey(), s.value()));
            }
        }
        assertThat(flinkValues).as("sanity: stable samples found").hasSizeGreaterThan(50);
        assertThat(ourValues).as("values of counters, constant gauges and histograms").isEqualTo(flinkValues);
    }

    private static void assertNonNumericGaugesAreZeroInFlinksAndAbsentInOurs(Exposition flinks, Exposition ours) {
        List<String> checked = new ArrayList<>();
        for (Family flinkFamily : flinks.families().values()) {
            if (!isNonNumericGauge(flinkFamily.name())) {
                continue;
            }
            checked.add(flinkFamily.name());
            assertThat(flinkFamily.samples()).extracting(Sample::value).containsOnly(0.0).isNotEmpty();
            assertThat(ours.family(flinkFamily.name()).samples())
                    .as("%s: no made-up 0 for a gauge without a numeric value", flinkFamily.name())
                    .isEmpty();
        }
        assertThat(checked).hasSize(4);
    }
}
