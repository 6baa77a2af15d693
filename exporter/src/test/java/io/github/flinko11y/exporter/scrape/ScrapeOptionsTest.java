package io.github.flinko11y.exporter.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.PrometheusExporter;
import io.github.flinko11y.exporter.testing.FixedHistogram;
import io.github.flinko11y.exporter.testing.Http;
import io.github.flinko11y.exporter.testing.TestExporters;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import io.github.flinko11y.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Modern semantics, OpenMetrics negotiation, the series cap and self-metrics, over HTTP. */
class ScrapeOptionsTest {

    /** What Prometheus 2.x sends: OpenMetrics first, text format as the fallback. */
    private static final String PROMETHEUS_ACCEPT =
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private final List<PrometheusExporter> exporters = new ArrayList<>();

    private PrometheusExporter start(String... keyValues) {
        PrometheusExporter exporter = TestExporters.start(TestExporters.with(new String[] {"jvmStats.enabled", "false"}, keyValues));
        exporters.add(exporter);
        return exporter;
    }

    @AfterEach
    void stop() {
        exporters.forEach(PrometheusExporter::close);
    }

    private static TestMetricGroup tm() {
        return new TestMetricGroup("taskmanager", "<host>", "h1", "<tm_id>", "tm-1");
    }

    private static TestMetricGroup operator(String name) {
        return new TestMetricGroup("taskmanager.job.task.operator",
                "<host>", "h1", "<tm_id>", "tm-1", "<job_id>", "j1", "<operator_name>", name);
    }

    private static void register(PrometheusExporter exporter) {
        SimpleCounter counter = new SimpleCounter();
        counter.inc(42);
        exporter.notifyOfAddedMetric(counter, "numRecordsIn", tm());
        exporter.notifyOfAddedMetric(new FixedHistogram(8, 10), "latency", tm());
    }

    @Test
    void modernSemanticsServeRealCountersAndFullSummaries() throws Exception {
        PrometheusExporter exporter = start("semantics", "modern", "selfMetrics.enabled", "false");
        register(exporter);

        String body = Http.scrape(exporter.port());

        assertThat(body).isEqualTo(
                "# HELP flink_taskmanager_latency latency (scope: taskmanager)\n"
                        + "# TYPE flink_taskmanager_latency summary\n"
                        + "flink_taskmanager_latency_count{host=\"h1\",tm_id=\"tm_1\",} 8.0\n"
                        // sum = count x mean; FixedHistogram's mean is its median, 0.5 x 10
                        + "flink_taskmanager_latency_sum{host=\"h1\",tm_id=\"tm_1\",} 40.0\n"
                        + "flink_taskmanager_latency{host=\"h1\",tm_id=\"tm_1\",quantile=\"0.5\",} 5.0\n"
                        + "flink_taskmanager_latency{host=\"h1\",tm_id=\"tm_1\",quantile=\"0.75\",} 7.5\n"
                        + "flink_taskmanager_latency{host=\"h1\",tm_id=\"tm_1\",quantile=\"0.95\",} 9.5\n"
                        + "flink_taskmanager_latency{host=\"h1\",tm_id=\"tm_1\",quantile=\"0.98\",} 9.8\n"
                        + "flink_taskmanager_latency{host=\"h1\",tm_id=\"tm_1\",quantile=\"0.99\",} 9.9\n"
                        + "flink_taskmanager_latency{host=\"h1\",tm_id=\"tm_1\",quantile=\"0.999\",} 9.99\n"
                        + "# HELP flink_taskmanager_latency_min latency (scope: taskmanager) (minimum of the histogram's window)\n"
                        + "# TYPE flink_taskmanager_latency_min gauge\n"
                        + "flink_taskmanager_latency_min{host=\"h1\",tm_id=\"tm_1\",} 2.0\n"
                        + "# HELP flink_taskmanager_latency_max latency (scope: taskmanager) (maximum of the histogram's window)\n"
                        + "# TYPE flink_taskmanager_latency_max gauge\n"
                        + "flink_taskmanager_latency_max{host=\"h1\",tm_id=\"tm_1\",} 9.0\n"
                        + "# HELP flink_taskmanager_numRecordsIn_total numRecordsIn (scope: taskmanager)\n"
                        + "# TYPE flink_taskmanager_numRecordsIn_total counter\n"
                        + "flink_taskmanager_numRecordsIn_total{host=\"h1\",tm_id=\"tm_1\",} 42.0\n");
    }

    @Test
    void openMetricsIsServedOnlyWithModernSemanticsAndWhenAskedFor() throws Exception {
        PrometheusExporter modern = start("semantics", "modern");
        PrometheusExporter dropIn = start();
        register(modern);
        register(dropIn);

        Http.Response om = Http.get(modern.port(), "/metrics", false, PROMETHEUS_ACCEPT);
        assertThat(om.contentType).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(om.body)
                .contains("# TYPE flink_taskmanager_numRecordsIn counter\n")
                .contains("flink_taskmanager_numRecordsIn_total{host=\"h1\",tm_id=\"tm_1\"} 42.0\n")
                .contains("flink_taskmanager_latency_sum{host=\"h1\",tm_id=\"tm_1\"} 40.0\n")
                .contains("# TYPE flinko11y_exporter_scrapes counter\n")
                .endsWith("# EOF\n");
        // gzip on top of OpenMetrics (chunked) decodes to the same families
        Http.Response omGzip = Http.get(modern.port(), "/metrics", true, PROMETHEUS_ACCEPT);
        assertThat(omGzip.contentEncoding).isEqualTo("gzip");
        assertThat(omGzip.body).contains("flink_taskmanager_numRecordsIn_total{").endsWith("# EOF\n");

        Http.Response plain = Http.get(modern.port(), "/metrics", false, "text/plain");
        assertThat(plain.contentType).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(plain.body).doesNotContain("# EOF");

        Http.Response dropInResponse = Http.get(dropIn.port(), "/metrics", false, PROMETHEUS_ACCEPT);
        assertThat(dropInResponse.contentType).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(dropInResponse.body)
                .contains("# TYPE flink_taskmanager_numRecordsIn gauge\n")
                .doesNotContain("_total{host", "latency_sum", "# EOF");
    }

    @Test
    void sampleLineCapKeepsTheLeastDetailedSeriesAndCountsTheRest() throws Exception {
        // 1 TaskManager gauge (2 labels) + 3 operator gauges (4 labels) + a TM histogram (7 lines)
        PrometheusExporter exporter = start("maxSampleLines", "10");
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 1, "slots", tm());
        exporter.notifyOfAddedMetric(new FixedHistogram(1, 1), "latency", tm());
        for (String name : new String[] {"c", "a", "b"}) {
            exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 2, "records", operator(name));
        }

        String body = Http.scrape(exporter.port());

        // 1 + 7 lines at TaskManager level, then operators "a" and "b" by label order; "c" is left out
        assertThat(body)
                .contains("flink_taskmanager_slots{host=\"h1\",tm_id=\"tm_1\",} 1.0\n")
                .contains("flink_taskmanager_latency_count{host=\"h1\",tm_id=\"tm_1\",} 1.0\n")
                .contains("operator_name=\"a\"", "operator_name=\"b\"")
                .doesNotContain("operator_name=\"c\"")
                .containsPattern("flinko11y_exporter_sample_lines\\{[^}]*\\} 10.0\n")
                .containsPattern("flinko11y_exporter_sample_lines_dropped\\{[^}]*\\} 1.0\n");

        // the same registrations in another order give the same body (self-metrics aside), also
        // with the cap set under its former key
        PrometheusExporter reordered = start("maxSeries", "10");
        for (String name : new String[] {"b", "c", "a"}) {
            reordered.notifyOfAddedMetric((Gauge<Integer>) () -> 2, "records", operator(name));
        }
        reordered.notifyOfAddedMetric(new FixedHistogram(1, 1), "latency", tm());
        reordered.notifyOfAddedMetric((Gauge<Integer>) () -> 1, "slots", tm());
        assertThat(flinkPart(Http.scrape(reordered.port()))).isEqualTo(flinkPart(body));
    }

    @Test
    void linesLeftOutByTheCapAreCountedAsSampleLines() throws Exception {
        PrometheusExporter exporter = start("maxSampleLines", "1");
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 1, "slots", tm());
        exporter.notifyOfAddedMetric(new FixedHistogram(1, 1), "latency", operator("a"));

        assertThat(Http.scrape(exporter.port()))
                .containsPattern("flinko11y_exporter_sample_lines\\{[^}]*\\} 1.0\n")
                .containsPattern("flinko11y_exporter_sample_lines_dropped\\{[^}]*\\} 7.0\n");
    }

    @Test
    void longLabelValuesAreCutWithAHashThatKeepsThemDistinct() throws Exception {
        PrometheusExporter exporter = start("maxLabelValueLength", "20");
        String prefix = "Source: kafka -> Map -> Filter -> ";
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 1, "records", operator(prefix + "Sink one"));
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 2, "records", operator(prefix + "Sink two"));

        String body = Http.scrape(exporter.port());

        List<String> values = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("operator_name=\"([^\"]*)\"").matcher(body);
        while (m.find()) {
            values.add(m.group(1));
        }
        assertThat(values).hasSize(2).doesNotHaveDuplicates();
        for (String value : values) {
            // 11 characters of the sanitised name, '~', 8 hex digits
            assertThat(value).hasSize(20).matches("Source:_kaf~[0-9a-f]{8}");
        }
        assertThat(body).containsPattern("flinko11y_exporter_label_values_truncated_total\\{[^}]*\\} 2.0\n");
    }

    @Test
    void selfMetricsCountScrapesAndReadErrors() throws Exception {
        PrometheusExporter exporter = start();
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> { throw new IllegalStateException("broken"); },
                "broken", tm());
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 3, "fine", tm());

        Http.scrape(exporter.port());
        String second = Http.scrape(exporter.port());

        assertThat(second)
                .contains("# TYPE flinko11y_exporter_scrapes_total counter\n")
                .containsPattern("flinko11y_exporter_scrapes_total\\{[^}]*\\} 2.0\n") // this one included
                .containsPattern("flinko11y_exporter_metric_read_errors_total\\{[^}]*\\} 2.0\n")
                .containsPattern("flinko11y_exporter_sample_lines\\{[^}]*\\} 1.0\n")
                .containsPattern("flinko11y_exporter_sample_lines_dropped\\{[^}]*\\} 0.0\n")
                .containsPattern("flinko11y_exporter_last_scrape_duration_seconds\\{[^}]*\\} [0-9.E-]+\n");
        // the duration is recorded once the previous response is complete, which the client may
        // see a moment before the server does
        Pattern zero = Pattern.compile("flinko11y_exporter_last_scrape_duration_seconds\\{[^}]*\\} 0\\.0\n");
        String later = Await.atMost(Duration.ofSeconds(5)).until("a scrape that reports the previous one's duration",
                () -> Http.scrape(exporter.port()), body -> !zero.matcher(body).find());
        // self-metrics say which Flink process they describe, as the JVM statistics do
        assertThat(later).contains("flinko11y_exporter_sample_lines{component=\"taskmanager\",host=\"h1\",tm_id=\"tm_1\",} 1.0\n");
    }

    private static String flinkPart(String body) {
        return body.substring(0, body.indexOf("# HELP flinko11y_"));
    }
}
