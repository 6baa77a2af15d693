package io.github.flinko11y.exporter.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.PrometheusExporter;
import io.github.flinko11y.exporter.testing.FixedHistogram;
import io.github.flinko11y.exporter.testing.Http;
import io.github.flinko11y.exporter.testing.TestExporters;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Gauge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics?name[]=...} serves only the sample lines named, as Flink's reporter does. */
class NameFilteredScrapeTest {

    private final List<PrometheusExporter> exporters = new ArrayList<>();

    private PrometheusExporter start(String... keyValues) {
        PrometheusExporter exporter = TestExporters.start(
                TestExporters.with(new String[] {"jvmStats.enabled", "false"}, keyValues));
        exporters.add(exporter);
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 4, "slots", tm());
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 5, "free", tm());
        exporter.notifyOfAddedMetric(new FixedHistogram(8, 10), "latency", tm());
        return exporter;
    }

    @AfterEach
    void stop() {
        exporters.forEach(PrometheusExporter::close);
    }

    private static TestMetricGroup tm() {
        return new TestMetricGroup("taskmanager", "<host>", "h1", "<tm_id>", "tm-1");
    }

    @Test
    void onlyTheNamedSampleLinesAreServedWithTheirFamilysHeader() throws Exception {
        PrometheusExporter exporter = start();

        Http.Response response = Http.get(exporter.port(),
                "/metrics?name[]=flink_taskmanager_slots&name%5B%5D=flink_taskmanager_latency_count", false);

        assertThat(response.body).isEqualTo(""
                + "# HELP flink_taskmanager_latency latency (scope: taskmanager)\n"
                + "# TYPE flink_taskmanager_latency summary\n"
                + "flink_taskmanager_latency_count{host=\"h1\",tm_id=\"tm_1\",} 8.0\n"
                + "# HELP flink_taskmanager_slots slots (scope: taskmanager)\n"
                + "# TYPE flink_taskmanager_slots gauge\n"
                + "flink_taskmanager_slots{host=\"h1\",tm_id=\"tm_1\",} 4.0\n");
    }

    @Test
    void selfMetricsAndModernFamiliesAreFilteredByTheSameRule() throws Exception {
        PrometheusExporter exporter = start("semantics", "modern");

        String body = Http.get(exporter.port(), "/metrics?name[]=flink_taskmanager_latency_max"
                + "&name[]=flinko11y_exporter_sample_lines", false).body;

        assertThat(body.lines().filter(l -> !l.startsWith("#")))
                .containsExactly("flink_taskmanager_latency_max{host=\"h1\",tm_id=\"tm_1\",} 9.0",
                        "flinko11y_exporter_sample_lines{component=\"taskmanager\",host=\"h1\",tm_id=\"tm_1\",} 1.0");
    }

    @Test
    void aNameNothingExportsGivesAnEmptyBody() throws Exception {
        PrometheusExporter exporter = start();

        Http.Response response = Http.get(exporter.port(), "/metrics?name[]=flink_no_such_metric", false);

        assertThat(response.status).isEqualTo(200);
        assertThat(response.body).isEmpty();
    }
}
