package io.github.flinko11y.flinktests;

import static io.github.flinko11y.flinktests.support.ReporterRegistry.OURS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.flinktests.support.Exposition;
import io.github.flinko11y.flinktests.support.ReporterRegistry;
import io.github.flinko11y.flinktests.support.Scrape;
import java.util.Map;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code semantics: modern} (no Flink reporter to compare with), counters add {@code _total}
 * and summaries {@code _sum}, {@code _min} and {@code _max}: a gauge named like one of those is not
 * exported, so every sample name still has one family and every series one value.
 */
@Timeout(60)
class ModernSemanticsNamesTest {

    private static final String TM = "flink_taskmanager_";

    @Test
    void gaugesNamedLikeAModernCountersOrSummarysSamplesAreLeftOut() throws Exception {
        try (ReporterRegistry reporters = ReporterRegistry.start(false, Map.of("semantics", "modern"))) {
            TaskManagerMetricGroup tm = reporters.taskManagerGroup("taskmanager-0", "tm-1");
            tm.counter("records").inc(3);
            tm.histogram("latency", new DescriptiveStatisticsHistogram(10)).update(5);
            for (String name : new String[] {"records_total", "records_created", "latency_count", "latency_sum",
                    "latency_created", "latency_min", "latency_max"}) {
                tm.gauge(name, () -> 99);
            }
            tm.gauge("latency_bucket", () -> 9); // nothing here exports _bucket lines

            Exposition ours = Scrape.metrics(reporters.port(OURS));

            assertThat(ours.families().keySet().stream().filter(n -> n.startsWith("flink_")))
                    .containsExactlyInAnyOrder(TM + "records_total", TM + "latency", TM + "latency_min", TM + "latency_max",
                            TM + "latency_bucket");
            assertThat(ours.samples(TM + "records_total")).extracting(Exposition.Sample::value).containsExactly(3.0);
            assertThat(ours.samples(TM + "latency_count")).extracting(Exposition.Sample::value).containsExactly(1.0);
            assertThat(ours.samples(TM + "latency_max")).extracting(Exposition.Sample::value).containsExactly(5.0);
            assertThat(ours.duplicateSeries()).isEmpty();
            assertThat(ours.samples("flinko11y_exporter_registrations_rejected_total"))
                    .extracting(Exposition.Sample::value).containsExactly(7.0);
        }
    }
}
