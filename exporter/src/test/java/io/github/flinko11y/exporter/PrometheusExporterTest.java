package io.github.flinko11y.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.testing.FixedHistogram;
import io.github.flinko11y.exporter.testing.Http;
import io.github.flinko11y.exporter.testing.TestExporters;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import io.github.flinko11y.testsupport.FreePorts;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusExporterTest {

    private final List<PrometheusExporter> exporters = new ArrayList<>();

    private PrometheusExporter start(String... keyValues) {
        // Flink's families only, so bodies can be compared whole; the extras have tests of their own
        PrometheusExporter exporter = TestExporters.start(TestExporters.with(new String[] {"selfMetrics.enabled", "false", "jvmStats.enabled", "false"}, keyValues));
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

    @Test
    void servesCounterGaugeAndMeterAsGaugesWithFlinkNames() throws Exception {
        PrometheusExporter exporter = start();
        SimpleCounter counter = new SimpleCounter();
        counter.inc(42);
        exporter.notifyOfAddedMetric(counter, "numRecordsIn", tm());
        exporter.notifyOfAddedMetric((Gauge<Long>) () -> 12_345_678L, "heap", tm());
        exporter.notifyOfAddedMetric(new MeterView(counter), "rate", tm());

        assertThat(Http.scrape(exporter.port())).isEqualTo(
                "# HELP flink_taskmanager_heap heap (scope: taskmanager)\n"
                        + "# TYPE flink_taskmanager_heap gauge\n"
                        + "flink_taskmanager_heap{host=\"h1\",tm_id=\"tm_1\",} 1.2345678E7\n"
                        + "# HELP flink_taskmanager_numRecordsIn numRecordsIn (scope: taskmanager)\n"
                        + "# TYPE flink_taskmanager_numRecordsIn gauge\n"
                        + "flink_taskmanager_numRecordsIn{host=\"h1\",tm_id=\"tm_1\",} 42.0\n"
                        + "# HELP flink_taskmanager_rate rate (scope: taskmanager)\n"
                        + "# TYPE flink_taskmanager_rate gauge\n"
                        + "flink_taskmanager_rate{host=\"h1\",tm_id=\"tm_1\",} 0.0\n");
    }

    @Test
    void histogramIsASummaryWithCountAndFlinksQuantiles() throws Exception {
        PrometheusExporter exporter = start();
        exporter.notifyOfAddedMetric(new FixedHistogram(7, 100), "latency",
                new TestMetricGroup("jobmanager", "<host>", "h1"));
        exporter.notifyOfAddedMetric(new FixedHistogram(3, 10), "bare", new TestMetricGroup("jobmanager"));

        assertThat(Http.scrape(exporter.port())).isEqualTo(
                "# HELP flink_jobmanager_bare bare (scope: jobmanager)\n"
                        + "# TYPE flink_jobmanager_bare summary\n"
                        + "flink_jobmanager_bare_count 3.0\n"
                        + "flink_jobmanager_bare{quantile=\"0.5\",} 5.0\n"
                        + "flink_jobmanager_bare{quantile=\"0.75\",} 7.5\n"
                        + "flink_jobmanager_bare{quantile=\"0.95\",} 9.5\n"
                        + "flink_jobmanager_bare{quantile=\"0.98\",} 9.8\n"
                        + "flink_jobmanager_bare{quantile=\"0.99\",} 9.9\n"
                        + "flink_jobmanager_bare{quantile=\"0.999\",} 9.99\n"
                        + "# HELP flink_jobmanager_latency latency (scope: jobmanager)\n"
                        + "# TYPE flink_jobmanager_latency summary\n"
                        + "flink_jobmanager_latency_count{host=\"h1\",} 7.0\n"
                        + "flink_jobmanager_latency{host=\"h1\",quantile=\"0.5\",} 50.0\n"
                        + "flink_jobmanager_latency{host=\"h1\",quantile=\"0.75\",} 75.0\n"
                        + "flink_jobmanager_latency{host=\"h1\",quantile=\"0.95\",} 95.0\n"
                        + "flink_jobmanager_latency{host=\"h1\",quantile=\"0.98\",} 98.0\n"
                        + "flink_jobmanager_latency{host=\"h1\",quantile=\"0.99\",} 99.0\n"
                        + "flink_jobmanager_latency{host=\"h1\",quantile=\"0.999\",} 99.9\n");
    }

    @Test
    void throwingNullAndNonNumericGaugesDoNotBreakTheScrape() throws Exception {
        PrometheusExporter exporter = start();
        exporter.notifyOfAddedMetric((Gauge<Long>) () -> {
            throw new IllegalStateException("task is closing");
        }, "throws", tm());
        exporter.notifyOfAddedMetric((Gauge<Object>) () -> null, "nothing", tm());
        exporter.notifyOfAddedMetric((Gauge<String>) () -> "s3://bucket/chk-1", "path", tm());
        exporter.notifyOfAddedMetric((Gauge<Boolean>) () -> true, "flag", tm());
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 5, "ok", tm());

        Http.Response response = Http.get(exporter.port(), "/metrics", false);

        assertThat(response.status).isEqualTo(200);
        assertThat(response.body.lines().filter(l -> !l.startsWith("#")))
                .containsExactly(
                        "flink_taskmanager_flag{host=\"h1\",tm_id=\"tm_1\",} 1.0",
                        "flink_taskmanager_ok{host=\"h1\",tm_id=\"tm_1\",} 5.0");
        assertThat(exporter.stats().metricReadErrors.sum()).isEqualTo(1);
    }

    @Test
    void gzipIsUsedOnlyWhenTheClientAcceptsIt() throws Exception {
        PrometheusExporter exporter = start();
        for (int i = 0; i < 2000; i++) {
            exporter.notifyOfAddedMetric(new SimpleCounter(), "c" + i, tm());
        }
        Http.Response plain = Http.get(exporter.port(), "/metrics", false);
        Http.Response gzip = Http.get(exporter.port(), "/metrics", true);

        assertThat(plain.contentEncoding).isNull();
        assertThat(plain.contentType).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(gzip.contentEncoding).isEqualTo("gzip");
        assertThat(gzip.body).isEqualTo(plain.body);
        assertThat(plain.body.lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(2000);
    }

    @Test
    void rootPathHealthAndErrorsAreServed() throws Exception {
        PrometheusExporter exporter = start();
        exporter.notifyOfAddedMetric(new SimpleCounter(), "c", tm());

        assertThat(Http.get(exporter.port(), "/", false).body).isEqualTo(Http.scrape(exporter.port()));
        assertThat(Http.get(exporter.port(), "/-/healthy", false).status).isEqualTo(200);
        assertThat(Http.get(exporter.port(), "/nope", false).status).isEqualTo(404);
    }

    @Test
    void allowListKeepsOnlyMatchingMetrics() throws Exception {
        PrometheusExporter exporter = start("allowList", "taskmanager.keep");
        exporter.notifyOfAddedMetric(new SimpleCounter(), "keepMe", tm());
        exporter.notifyOfAddedMetric(new SimpleCounter(), "dropMe", tm());

        assertThat(Http.scrape(exporter.port())).contains("flink_taskmanager_keepMe{")
                .doesNotContain("dropMe");
    }

    @Test
    void unfilteredLabelValuesAreEscaped() throws Exception {
        PrometheusExporter exporter = start("filterLabelValueCharacters", "false");
        exporter.notifyOfAddedMetric(new SimpleCounter(), "c",
                new TestMetricGroup("taskmanager.job.task", "<task_name>", "Source: \"gen\" -> Map"));

        assertThat(Http.scrape(exporter.port()))
                .contains("flink_taskmanager_job_task_c{task_name=\"Source: \\\"gen\\\" -> Map\",} 0.0\n");
    }

    @Test
    void removedMetricsDisappearAndTheirFamilyWithThem() throws Exception {
        PrometheusExporter exporter = start();
        SimpleCounter a = new SimpleCounter();
        exporter.notifyOfAddedMetric(a, "c", tm());

        exporter.notifyOfRemovedMetric(a, "c", tm());

        assertThat(Http.scrape(exporter.port())).isEmpty();
        assertThat(exporter.registry().labelSetCount()).isZero();
    }

    @Test
    void reportersSharingARangeTakeTheFirstFreePortEach() throws Exception {
        int base = threeFreePortsInARow();
        String range = base + "-" + (base + 2);
        PrometheusExporter jobManager = start("port", range);
        PrometheusExporter taskManager = start("port", range);

        assertThat(jobManager.port()).isEqualTo(base);
        assertThat(taskManager.port()).isEqualTo(base + 1);
    }

    /** The first of three consecutive ports free right now (a lone free port's neighbours may not be). */
    private static int threeFreePortsInARow() {
        return FreePorts.consecutive(3);
    }

    @Test
    void aPortThatCannotBeBoundFailsAtStartNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            String port = Integer.toString(taken.getLocalPort());
            assertThatThrownBy(() -> start("port", port))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("metrics.reporter.<name>.port: none of the ports \"" + port
                            + "\" could be bound");
        }
    }

    @Test
    void metricsAddedAndRemovedDuringScrapesNeverFailAScrape() throws Exception {
        PrometheusExporter exporter = start();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                try {
                    while (running.get()) {
                        List<SimpleCounter> counters = new ArrayList<>();
                        TestMetricGroup group = new TestMetricGroup("taskmanager.job",
                                "<job_id>", "job-" + id, "<tm_id>", "tm");
                        for (int i = 0; i < 200; i++) {
                            SimpleCounter c = new SimpleCounter();
                            counters.add(c);
                            exporter.notifyOfAddedMetric(c, "c" + i, group);
                        }
                        for (int i = 0; i < 200; i++) {
                            exporter.notifyOfRemovedMetric(counters.get(i), "c" + i, group);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        threads.forEach(Thread::start);
        int scrapes = 0;
        long end = System.nanoTime() + 2_000_000_000L;
        try {
            while (System.nanoTime() < end) {
                Http.Response r = Http.get(exporter.port(), "/metrics", scrapes % 2 == 0);
                assertThat(r.status).isEqualTo(200);
                assertThat(r.body.isEmpty() || r.body.endsWith("\n")).isTrue();
                scrapes++;
            }
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }

        assertThat(failure.get()).isNull();
        assertThat(scrapes).isGreaterThan(10);
        assertThat(exporter.registry().exportedSeriesCount()).isZero();
        assertThat(exporter.stats().abortedScrapes.sum()).isZero();
    }
}
