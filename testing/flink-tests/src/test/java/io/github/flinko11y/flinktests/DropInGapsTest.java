package io.github.flinko11y.flinktests;

import static io.github.flinko11y.flinktests.support.ReporterRegistry.FLINKS;
import static io.github.flinko11y.flinktests.support.ReporterRegistry.OURS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.flinktests.support.Exposition;
import io.github.flinko11y.flinktests.support.Exposition.Family;
import io.github.flinko11y.flinktests.support.JobMetrics;
import io.github.flinko11y.flinktests.support.ReporterRegistry;
import io.github.flinko11y.flinktests.support.Scrape;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two corners where Flink's reporter and ours once differed, compared with Flink's reporter on the
 * same registrations: a metric whose sample names another family already exports, and the {@code
 * name[]} query parameter.
 */
@Timeout(60)
class DropInGapsTest {

    private static final String TM = "flink_taskmanager_";

    @Test
    void aSampleNameAnotherFamilyExportsIsExportedOnceAsByFlinksReporter() throws Exception {
        try (ReporterRegistry reporters = ReporterRegistry.oursAndFlinks()) {
            TaskManagerMetricGroup tm = reporters.taskManagerGroup("taskmanager-0", "tm-1");
            tm.histogram("latency", histogram(3));
            tm.gauge("latency_count", () -> 7); // collides with the summary's _count
            tm.gauge("latency_sum", () -> 8); // claimed by the summary, as simpleclient's registry does
            tm.gauge("latency_bucket", () -> 9); // not a summary's: exported
            tm.gauge("latency_created", () -> 10);
            tm.gauge("depth_count", () -> 5); // registered first: the histogram after it is the one refused
            tm.histogram("depth", histogram(4));
            tm.counter("records").inc(3); // a gauge in drop-in: claims only its own name
            tm.gauge("records_total", () -> 11);

            Exposition flinks = Scrape.metrics(reporters.port(FLINKS));
            Exposition ours = Scrape.metrics(reporters.port(OURS));

            assertThat(flinkFamilies(flinks).keySet()).as("what Flink's reporter exports").containsExactly(
                    TM + "depth_count", TM + "latency", TM + "latency_bucket", TM + "latency_created",
                    TM + "records", TM + "records_total");
            assertThat(flinkFamilies(ours)).isEqualTo(flinkFamilies(flinks));
            assertThat(ours.duplicateSeries()).isEmpty();
            assertThat(ours.samples("flinko11y_exporter_registrations_rejected_total"))
                    .extracting(Exposition.Sample::value).containsExactly(3.0);
        }
    }

    @Test
    void nameQueryServesTheSameSamplesAsFlinksReporter() throws Exception {
        try (ReporterRegistry reporters = ReporterRegistry.oursAndFlinks()) {
            TaskManagerMetricGroup tm = reporters.taskManagerGroup("taskmanager-0", "tm-1");
            tm.gauge("slots", () -> 4);
            tm.histogram("latency", histogram(3));
            JobMetrics.register(tm, JobID.generate(), "orders", 2, "Source: orders", "Sink: count");
            String operator = TM + "job_task_operator_";
            String query = "/metrics?name[]=" + TM + "slots"
                    + "&name%5B%5D=" + TM + "latency_count" // the summary's count lines only
                    + "&name[]=" + operator + JobMetrics.HISTOGRAM // its quantile lines only
                    + "&name[]=" + operator + JobMetrics.INT_GAUGE
                    + "&name[]=flink_no_such_metric&other=1";

            Exposition flinks = Exposition.parse(get(reporters.port(FLINKS), query));
            Exposition ours = Exposition.parse(get(reporters.port(OURS), query));

            assertThat(flinks.families().keySet()).as("what Flink's reporter serves").containsExactlyInAnyOrder(
                    TM + "slots", TM + "latency", operator + JobMetrics.HISTOGRAM, operator + JobMetrics.INT_GAUGE);
            assertThat(flinks.samples(TM + "latency")).isEmpty();
            assertThat(flinks.samples(operator + JobMetrics.HISTOGRAM + "_count")).isEmpty();
            assertThat(flinks.samples(operator + JobMetrics.HISTOGRAM)).hasSize(2 * 2 * 6);
            assertThat(ours.families().keySet()).as("no self-metrics or JVM statistics unless named")
                    .isEqualTo(flinks.families().keySet());
            assertThat(flinkFamilies(ours)).isEqualTo(flinkFamilies(flinks));
        }
    }

    private static Histogram histogram(int seed) {
        DescriptiveStatisticsHistogram histogram = new DescriptiveStatisticsHistogram(100);
        for (int i = 1; i <= 50; i++) {
            histogram.update((long) i * seed);
        }
        return histogram;
    }

    private static String get(int port, String path) throws IOException {
        Scrape scrape = Scrape.get(port, path, false);
        assertThat(scrape.status).as("GET %s", path).isEqualTo(200);
        return scrape.body;
    }

    /** Each Flink family as its TYPE, HELP and sorted samples with values: what a scraper keeps. */
    private static Map<String, String> flinkFamilies(Exposition exposition) {
        Map<String, String> families = new TreeMap<>();
        for (Family family : exposition.families().values()) {
            if (family.name().startsWith("flink_")) {
                families.put(family.name(), family.type() + " | " + family.help() + " | "
                        + family.samples().stream()
                                .map(s -> s.seriesKey() + " " + s.value())
                                .sorted()
                                .collect(Collectors.joining(", ")));
            }
        }
        return families;
    }
}
