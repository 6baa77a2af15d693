package io.github.flinko11y.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.testing.CapturedLog;
import io.github.flinko11y.exporter.testing.FixedHistogram;
import io.github.flinko11y.exporter.testing.Http;
import io.github.flinko11y.exporter.testing.TestExporters;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A metric whose sample lines would carry the names of another family's lines (a gauge {@code
 * x_count} beside a histogram {@code x}) is not exported: Prometheus would keep one of the two
 * values at random. The first registered wins, as in Flink's reporter; the other is counted and
 * logged once.
 */
class SampleNameCollisionTest {

    private final List<PrometheusExporter> exporters = new ArrayList<>();

    private PrometheusExporter start(String... keyValues) {
        PrometheusExporter exporter = TestExporters.start(
                TestExporters.with(new String[] {"jvmStats.enabled", "false"}, keyValues));
        exporters.add(exporter);
        return exporter;
    }

    @AfterEach
    void stop() {
        exporters.forEach(PrometheusExporter::close);
    }

    private static TestMetricGroup tm(String id) {
        return new TestMetricGroup("taskmanager", "<host>", "h1", "<tm_id>", id);
    }

    private static List<String> samples(String body, String name) {
        return body.lines().filter(l -> l.startsWith(name + "{")).collect(Collectors.toList());
    }

    @Test
    void gaugeNamedLikeAHistogramsCountIsLeftOutCountedAndLoggedOnce() throws Exception {
        PrometheusExporter exporter = start();
        List<String> warnings;
        try (CapturedLog log = new CapturedLog()) {
            exporter.notifyOfAddedMetric(new FixedHistogram(8, 10), "latency", tm("tm-1"));
            exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 99, "latency_count", tm("tm-1"));
            exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 98, "latency_count", tm("tm-2"));
            warnings = log.messages("WARN", ExportedMetrics.class);
        }

        String body = Http.scrape(exporter.port());

        assertThat(samples(body, "flink_taskmanager_latency_count"))
                .containsExactly("flink_taskmanager_latency_count{host=\"h1\",tm_id=\"tm_1\",} 8.0");
        assertThat(body).doesNotContain("# TYPE flink_taskmanager_latency_count");
        assertThat(body).containsPattern("flinko11y_exporter_registrations_rejected_total\\{[^}]*\\} 2.0\n");
        assertThat(exporter.stats().rejectedRegistrations.sum()).isEqualTo(2);
        assertThat(warnings).containsExactly("flink_taskmanager_latency_count is not exported: some of its sample"
                + " lines would have the names of lines of flink_taskmanager_latency, registered first, and"
                + " Prometheus would keep one of the two values at random (Flink's reporter also keeps the"
                + " first). Rename one of the two metrics; further registrations of"
                + " flink_taskmanager_latency_count are only counted in"
                + " flinko11y_exporter_registrations_rejected_total.");
    }

    @Test
    void histogramRegisteredAfterAGaugeNamedLikeItsSumIsTheOneLeftOut() throws Exception {
        PrometheusExporter exporter = start();
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 99, "latency_sum", tm("tm-1"));
        exporter.notifyOfAddedMetric(new FixedHistogram(8, 10), "latency", tm("tm-1"));

        String body = Http.scrape(exporter.port());

        assertThat(samples(body, "flink_taskmanager_latency_sum"))
                .containsExactly("flink_taskmanager_latency_sum{host=\"h1\",tm_id=\"tm_1\",} 99.0");
        assertThat(body).doesNotContain("flink_taskmanager_latency_count", "# TYPE flink_taskmanager_latency summary");
        assertThat(exporter.stats().rejectedRegistrations.sum()).isEqualTo(1);
    }

    @Test
    void modernGaugeNamedLikeACountersTotalIsLeftOut() throws Exception {
        PrometheusExporter exporter = start("semantics", "modern");
        SimpleCounter counter = new SimpleCounter();
        counter.inc(7);
        exporter.notifyOfAddedMetric(counter, "records", tm("tm-1"));
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 99, "records_total", tm("tm-1"));

        String body = Http.scrape(exporter.port());

        assertThat(samples(body, "flink_taskmanager_records_total"))
                .containsExactly("flink_taskmanager_records_total{host=\"h1\",tm_id=\"tm_1\",} 7.0");
        assertThat(exporter.stats().rejectedRegistrations.sum()).isEqualTo(1);
    }
}
