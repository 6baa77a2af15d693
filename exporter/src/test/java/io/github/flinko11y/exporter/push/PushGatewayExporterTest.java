package io.github.flinko11y.exporter.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.PrometheusExporter;
import io.github.flinko11y.exporter.PrometheusExporterFactory;
import io.github.flinko11y.exporter.testing.CapturedLog;
import io.github.flinko11y.exporter.testing.FixedHistogram;
import io.github.flinko11y.exporter.testing.Http;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.servers.PushgatewayServer;
import io.prometheus.client.GaugeMetricFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to the real Pushgateway binary and reads back what it serves. */
class PushGatewayExporterTest {

    private static final String USER = "flink";
    private static final String PASSWORD = "push-secret";
    /** bcrypt (cost 4) of {@link #PASSWORD}, made once with crypt(3) of libcrypt. */
    private static final String PASSWORD_BCRYPT = "$2b$04$Nzkfza2loLeluwVaIhou8OE/1gP/eOYJ2teLtZen3GzSomYyolxk.";

    /** Where the gateways write their output and web config. */
    @TempDir
    Path dir;

    /** Exporters and gateways, closed in reverse order of creation: exporters before their gateway. */
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private PushgatewayServer gateway() throws Exception {
        return track(PushgatewayServer.start(dir));
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private PushGatewayExporter exporter(String hostUrl, String... keyValues) {
        Properties p = new Properties();
        p.setProperty("hostUrl", hostUrl);
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        PushGatewayExporter exporter = new PrometheusPushGatewayExporterFactory().createMetricReporter(p);
        resources.add(exporter::close);
        return exporter;
    }

    private static TestMetricGroup tm() {
        return new TestMetricGroup("taskmanager", "<host>", "h1", "<tm_id>", "tm-1");
    }

    private static TestMetricGroup jm() {
        return new TestMetricGroup("jobmanager", "<host>", "h1");
    }

    @Test
    void pushesCounterGaugeAndHistogramWithJobAndGroupingKeyLabels() throws Exception {
        PushgatewayServer gateway = gateway();
        PushGatewayExporter exporter = exporter(gateway.url(),
                "jobName", "flink-cluster", "randomJobNameSuffix", "false", "groupingKey", "cluster=c1;zone=eu-west");
        SimpleCounter counter = new SimpleCounter();
        counter.inc(42);
        exporter.notifyOfAddedMetric(counter, "numRecordsIn", tm());
        exporter.notifyOfAddedMetric((Gauge<Long>) () -> 1234L, "heap", tm());
        exporter.notifyOfAddedMetric(new FixedHistogram(7, 100), "latency", jm());

        exporter.report();

        String jm = "cluster=\"c1\",host=\"h1\",instance=\"\",job=\"flink-cluster\",zone=\"eu-west\"";
        String tm = "cluster=\"c1\",host=\"h1\",instance=\"\",job=\"flink-cluster\",tm_id=\"tm_1\",zone=\"eu-west\"";
        assertThat(gateway.samples("flink_")).containsExactly(
                "flink_jobmanager_latency{" + jm + ",quantile=\"0.5\"} 50",
                "flink_jobmanager_latency{" + jm + ",quantile=\"0.75\"} 75",
                "flink_jobmanager_latency{" + jm + ",quantile=\"0.95\"} 95",
                "flink_jobmanager_latency{" + jm + ",quantile=\"0.98\"} 98",
                "flink_jobmanager_latency{" + jm + ",quantile=\"0.99\"} 99",
                "flink_jobmanager_latency{" + jm + ",quantile=\"0.999\"} 99.9",
                // Flink's summaries carry no _sum; the gateway's text model always has one.
                "flink_jobmanager_latency_sum{" + jm + "} 0",
                "flink_jobmanager_latency_count{" + jm + "} 7",
                "flink_taskmanager_heap{" + tm + "} 1234",
                "flink_taskmanager_numRecordsIn{" + tm + "} 42");
        assertThat(exporter.stats().pushes.sum()).isEqualTo(1);
        assertThat(exporter.stats().pushFailures.sum()).isZero();
    }

    @Test
    void pushesJvmStatisticsAndSelfMetricsByDefault() throws Exception {
        PushgatewayServer gateway = gateway();
        PushGatewayExporter exporter = exporter(gateway.url(), "jobName", "defaults", "randomJobNameSuffix", "false");
        exporter.notifyOfAddedMetric(new SimpleCounter(), "numRecordsIn", tm());

        exporter.report();
        exporter.report();

        String pushed = gateway.metrics();
        assertThat(pushed)
                .containsPattern("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*component=\"taskmanager\"[^}]*\\}")
                .containsPattern("flinko11y_exporter_pushes_total\\{[^}]*job=\"defaults\"[^}]*\\} 2")
                .containsPattern("flinko11y_exporter_push_failures_total\\{[^}]*\\} 0");
    }

    @Test
    void pushesExactlyTheSeriesThePullEndpointServes() throws Exception {
        PushgatewayServer gateway = gateway();
        String[] shared = {"filterLabelValueCharacters", "false", "allowList", "taskmanager,jobmanager.latency",
            "jvmStats.enabled", "false", "selfMetrics.enabled", "false"};
        Properties pullSettings = new Properties();
        pullSettings.setProperty("port", "0");
        for (int i = 0; i < shared.length; i += 2) {
            pullSettings.setProperty(shared[i], shared[i + 1]);
        }
        PrometheusExporter puller = new PrometheusExporterFactory().createMetricReporter(pullSettings);
        resources.add(puller::close);
        PushGatewayExporter pusher = exporter(gateway.url(), "jobName", "parity", "randomJobNameSuffix", "false",
                "groupingKey", "cluster=c1", shared[0], shared[1], shared[2], shared[3], shared[4], shared[5],
                shared[6], shared[7]);
        SimpleCounter counter = new SimpleCounter();
        counter.inc(17);
        TestMetricGroup task = new TestMetricGroup("taskmanager.job.task",
                "<host>", "h1", "<job_name>", "etl", "<task_name>", "Source: \"gen\" -> Map", "<subtask_index>", "0");
        for (org.apache.flink.metrics.reporter.MetricReporter r : List.of(puller, pusher)) {
            r.notifyOfAddedMetric(counter, "numRecordsIn", task);
            r.notifyOfAddedMetric(new MeterView(counter), "numRecordsInPerSecond", task);
            r.notifyOfAddedMetric((Gauge<Double>) () -> 0.25, "busyRatio", task);
            r.notifyOfAddedMetric(new FixedHistogram(3, 10), "latency", jm());
            r.notifyOfAddedMetric(new SimpleCounter(), "notAllowed", jm()); // left out by allowList
        }

        pusher.report();
        String pulled = Http.scrape(puller.port());
        String pushed = gateway.metrics();

        Map<String, Double> expected = samples(pulled, Set.of());
        Map<String, Double> got = samples(pushed, Set.of("job", "instance", "cluster"));
        got.keySet().removeIf(k -> !k.startsWith("flink_"));
        assertThat(expected).hasSize(10); // 3 gauges + _count and 6 quantiles
        Map<String, Double> onlyPushed = new HashMap<>(got);
        onlyPushed.keySet().removeAll(expected.keySet());
        assertThat(onlyPushed).containsExactly(Map.entry("flink_jobmanager_latency_sum{host=h1}", 0.0));
        got.keySet().retainAll(expected.keySet());
        assertThat(got).isEqualTo(expected);
        assertThat(metadata(pushed)).isEqualTo(metadata(pulled)).hasSize(8);
    }

    @Test
    void eachPushReplacesTheGroupWithValuesReadAtPushTime() throws Exception {
        PushgatewayServer gateway = gateway();
        PushGatewayExporter exporter = exporter(gateway.url(), "jobName", "flink", "randomJobNameSuffix", "false");
        SimpleCounter counter = new SimpleCounter();
        counter.inc(42);
        AtomicLong heap = new AtomicLong(1000);
        FixedHistogram latency = new FixedHistogram(7, 100);
        exporter.notifyOfAddedMetric(counter, "numRecordsIn", tm());
        exporter.notifyOfAddedMetric((Gauge<Long>) heap::get, "heap", tm());
        exporter.notifyOfAddedMetric(latency, "latency", jm());
        exporter.report();
        assertThat(gateway.samples("flink_")).hasSize(10);

        counter.inc(8);
        heap.set(2000);
        exporter.notifyOfRemovedMetric(latency, "latency", jm());
        exporter.report();

        String labels = "host=\"h1\",instance=\"\",job=\"flink\",tm_id=\"tm_1\"";
        assertThat(gateway.samples("flink_")).containsExactly(
                "flink_taskmanager_heap{" + labels + "} 2000",
                "flink_taskmanager_numRecordsIn{" + labels + "} 50");
        assertThat(exporter.stats().pushes.sum()).isEqualTo(2);
    }

    @Test
    void randomJobNameSuffixGivesEachReporterItsOwnGroup() throws Exception {
        PushgatewayServer gateway = gateway();
        PushGatewayExporter jobManager = exporter(gateway.url(), "jobName", "flink-");
        PushGatewayExporter taskManager = exporter(gateway.url(), "jobName", "flink-");
        SimpleCounter a = new SimpleCounter();
        a.inc(1);
        SimpleCounter b = new SimpleCounter();
        b.inc(2);
        jobManager.notifyOfAddedMetric(a, "c", tm());
        taskManager.notifyOfAddedMetric(b, "c", tm());

        jobManager.report();
        taskManager.report();

        assertThat(jobManager.jobName()).matches("flink-[0-9a-f]{32}");
        assertThat(taskManager.jobName()).matches("flink-[0-9a-f]{32}").isNotEqualTo(jobManager.jobName());
        assertThat(gateway.samples("flink_")).containsExactlyInAnyOrder(
                "flink_taskmanager_c{host=\"h1\",instance=\"\",job=\"" + jobManager.jobName() + "\",tm_id=\"tm_1\"} 1",
                "flink_taskmanager_c{host=\"h1\",instance=\"\",job=\"" + taskManager.jobName() + "\",tm_id=\"tm_1\"} 2");
    }

    @Test
    void groupingKeyValuesReachTheGatewayAsWritten() throws Exception {
        PushgatewayServer gateway = gateway();
        PushGatewayExporter exporter = exporter(gateway.url(), "jobName", "team/etl", "randomJobNameSuffix", "false",
                "groupingKey", "path=/var/tmp;empty=;name=Προμηθεύς;odd=a b+c%d?e#f;dot=.");
        exporter.notifyOfAddedMetric((Gauge<Integer>) () -> 1, "up", jm());

        exporter.report();

        assertThat(gateway.samples("flink_")).containsExactly(
                "flink_jobmanager_up{dot=\".\",empty=\"\",host=\"h1\",instance=\"\",job=\"team/etl\","
                        + "name=\"Προμηθεύς\",odd=\"a b+c%d?e#f\",path=\"/var/tmp\"} 1");
        assertThat(exporter.stats().pushFailures.sum()).isZero();
    }

    @Test
    void closeDeletesTheGroupWhenDeleteOnShutdownAndPushesNoMore() throws Exception {
        PushgatewayServer gateway = gateway();
        PushGatewayExporter exporter = exporter(gateway.url(), "jobName", "flink", "randomJobNameSuffix", "false",
                "groupingKey", "cluster=c1;path=/a/b");
        exporter.notifyOfAddedMetric(new SimpleCounter(), "c", tm());
        exporter.report();
        assertThat(gateway.samples("flink_taskmanager_c")).hasSize(1);

        exporter.close();
        exporter.report();
        gateway.barrier();

        assertThat(gateway.metrics()).doesNotContain("job=\"flink\"");
        assertThat(exporter.stats().pushes.sum()).isEqualTo(1);
    }

    @Test
    void closeKeepsTheGroupWithoutDeleteOnShutdown() throws Exception {
        PushgatewayServer gateway = gateway();
        PushGatewayExporter exporter = exporter(gateway.url(), "jobName", "flink", "randomJobNameSuffix", "false",
                "deleteOnShutdown", "false");
        SimpleCounter counter = new SimpleCounter();
        counter.inc(3);
        exporter.notifyOfAddedMetric(counter, "c", tm());
        exporter.report();

        exporter.close();
        gateway.barrier();

        assertThat(gateway.samples("flink_")).containsExactly(
                "flink_taskmanager_c{host=\"h1\",instance=\"\",job=\"flink\",tm_id=\"tm_1\"} 3");
    }

    @Test
    void failedPushesAreCountedAndWarnedOncePerOutage() throws Exception {
        int port = FreePorts.one();
        String groupUrl = "http://127.0.0.1:" + port + "/metrics/job/flink";
        PushGatewayExporter exporter = exporter("http://127.0.0.1:" + port, "jobName", "flink",
                "randomJobNameSuffix", "false", "deleteOnShutdown", "false");
        SimpleCounter counter = new SimpleCounter();
        counter.inc(5);
        exporter.notifyOfAddedMetric(counter, "c", tm());
        ExporterStats stats = exporter.stats();

        try (CapturedLog log = new CapturedLog()) {
            exporter.report(); // nothing listens: connection refused, not thrown
            exporter.report();
            exporter.report();

            assertThat(stats.pushes.sum()).isEqualTo(3);
            assertThat(stats.pushFailures.sum()).isEqualTo(3);
            assertThat(log.messages("WARN", PushGatewayExporter.class)).containsExactly(
                    "Could not push metrics to the Pushgateway at " + groupUrl + ": ConnectException: Connection"
                            + " refused. Retrying at every report interval; further failures are logged at DEBUG"
                            + " until a push succeeds.");

            try (PushgatewayServer gateway = PushgatewayServer.start(dir, port)) {
                exporter.report();

                assertThat(stats.pushes.sum()).isEqualTo(4);
                assertThat(stats.pushFailures.sum()).isEqualTo(3);
                assertThat(log.messages("INFO", PushGatewayExporter.class)).containsExactly(
                        "Pushed metrics to the Pushgateway at " + groupUrl + " again, after 3 failed pushes.");
                assertThat(gateway.samples("flink_")).containsExactly(
                        "flink_taskmanager_c{host=\"h1\",instance=\"\",job=\"flink\",tm_id=\"tm_1\"} 5");
            }

            exporter.report(); // a new outage warns again
            assertThat(stats.pushFailures.sum()).isEqualTo(4);
            assertThat(log.messages("WARN", PushGatewayExporter.class)).hasSize(2)
                    .last().asString().contains(": ConnectException: Connection refused.");
        }
    }

    @Test
    void theFirstPushAfterAGatewayRestartSucceeds() throws Exception {
        int port = FreePorts.one();
        PushGatewayExporter exporter = exporter("http://127.0.0.1:" + port, "jobName", "flink",
                "randomJobNameSuffix", "false", "deleteOnShutdown", "false");
        SimpleCounter counter = new SimpleCounter();
        exporter.notifyOfAddedMetric(counter, "c", tm());
        try (PushgatewayServer gateway = PushgatewayServer.start(dir, port)) {
            exporter.report();
        }
        counter.inc(7);

        try (PushgatewayServer restarted = PushgatewayServer.start(dir, port)) {
            exporter.report();

            assertThat(exporter.stats().pushFailures.sum()).isZero();
            assertThat(restarted.samples("flink_")).containsExactly(
                    "flink_taskmanager_c{host=\"h1\",instance=\"\",job=\"flink\",tm_id=\"tm_1\"} 7");
        }
    }

    @Test
    void aPushTheGatewayRejectsIsCountedWithItsReason() throws Exception {
        PushgatewayServer gateway = gateway();
        // Another group already has this name as a counter; Flink's counters are pushed as gauges.
        byte[] other = "# TYPE flink_taskmanager_c counter\nflink_taskmanager_c 1\n".getBytes(StandardCharsets.UTF_8);
        assertThat(gateway.request("PUT", "/metrics/job/other", other).status()).isEqualTo(200);
        PushGatewayExporter exporter = exporter(gateway.url(), "jobName", "flink", "randomJobNameSuffix", "false");
        exporter.notifyOfAddedMetric(new SimpleCounter(), "c", tm());

        try (CapturedLog log = new CapturedLog()) {
            exporter.report();

            assertThat(exporter.stats().pushFailures.sum()).isEqualTo(1);
            assertThat(log.messages("WARN", PushGatewayExporter.class)).singleElement().asString()
                    .startsWith("Could not push metrics to the Pushgateway at " + gateway.url()
                            + "/metrics/job/flink: HTTP 400 Bad Request: pushed metrics are invalid or inconsistent with"
                            + " existing metrics");
        }
        assertThat(gateway.samples("flink_")).containsExactly("flink_taskmanager_c{instance=\"\",job=\"other\"} 1");
    }

    @Test
    void basicAuthPushesWithTheRightCredentialsAndCountsWrongOnesAsFailures() throws Exception {
        PushgatewayServer gateway = track(PushgatewayServer.startWithBasicAuth(dir, USER, PASSWORD_BCRYPT, PASSWORD));
        try (CapturedLog log = new CapturedLog()) {
            PushGatewayExporter right = exporter(gateway.url(), "jobName", "right", "randomJobNameSuffix", "false",
                    "username", USER, "password", PASSWORD);
            PushGatewayExporter wrong = exporter(gateway.url(), "jobName", "wrong", "randomJobNameSuffix", "false",
                    "username", USER, "password", "not-the-secret");
            PushGatewayExporter none = exporter(gateway.url(), "jobName", "none", "randomJobNameSuffix", "false");
            for (PushGatewayExporter exporter : List.of(right, wrong, none)) {
                SimpleCounter counter = new SimpleCounter();
                counter.inc(9);
                exporter.notifyOfAddedMetric(counter, "c", tm());
                exporter.report();
            }

            assertThat(right.stats().pushFailures.sum()).isZero();
            assertThat(wrong.stats().pushFailures.sum()).isEqualTo(1);
            assertThat(none.stats().pushFailures.sum()).isEqualTo(1);
            assertThat(gateway.samples("flink_")).containsExactly(
                    "flink_taskmanager_c{host=\"h1\",instance=\"\",job=\"right\",tm_id=\"tm_1\"} 9");
            assertThat(log.messages("WARN", PushGatewayExporter.class)).containsExactly(
                    "Could not push metrics to the Pushgateway at " + gateway.url() + "/metrics/job/wrong: HTTP 401"
                            + " Unauthorized. Retrying at every report interval; further failures are logged at"
                            + " DEBUG until a push succeeds.",
                    "Could not push metrics to the Pushgateway at " + gateway.url() + "/metrics/job/none: HTTP 401"
                            + " Unauthorized. Retrying at every report interval; further failures are logged at"
                            + " DEBUG until a push succeeds.");
            assertThat(log.messages("INFO", PushGatewayExporter.class)).contains(
                    "Pushing Flink metrics to the Pushgateway: hostUrl=" + gateway.url()
                            + ", group={job=\"right\"}, deleteOnShutdown=true, basicAuth=true");
            String header = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(log.text()).doesNotContain(PASSWORD).doesNotContain("not-the-secret").doesNotContain(header);
        }
    }

    @Test
    void extraFamiliesArePushedAfterFlinksOwn() throws Exception {
        PushgatewayServer gateway = gateway();
        Properties p = new Properties();
        p.setProperty("hostUrl", gateway.url());
        p.setProperty("jobName", "flink");
        p.setProperty("randomJobNameSuffix", "false");
        ExporterStats stats = new ExporterStats();
        PushGatewayExporter exporter = new PushGatewayExporter(PushGatewayConfig.load(p), stats,
                List.of(figures -> List.of(new GaugeMetricFamily("flink_o11y_series_exported",
                        "Flink series in the last push.", figures.linesExported()))));
        resources.add(exporter::close);
        exporter.notifyOfAddedMetric(new SimpleCounter(), "a", tm());
        exporter.notifyOfAddedMetric(new SimpleCounter(), "b", tm());

        exporter.report();

        assertThat(gateway.samples("flink_")).containsExactly(
                "flink_o11y_series_exported{instance=\"\",job=\"flink\"} 2",
                "flink_taskmanager_a{host=\"h1\",instance=\"\",job=\"flink\",tm_id=\"tm_1\"} 0",
                "flink_taskmanager_b{host=\"h1\",instance=\"\",job=\"flink\",tm_id=\"tm_1\"} 0");
        assertThat(stats.pushes.sum()).isEqualTo(1);
    }

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** {@code name{k=v,...}} (labels sorted, {@code drop} left out) to value, of every sample line. */
    private static Map<String, Double> samples(String exposition, Set<String> drop) {
        Map<String, Double> out = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    if (!drop.contains(l.group(1))) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
            }
            String key = m.group(1) + labels.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
            assertThat(out.put(key, Double.parseDouble(m.group(3)))).as("duplicate " + key).isNull();
        }
        return out;
    }

    /** The HELP and TYPE lines of Flink's families. */
    private static Set<String> metadata(String exposition) {
        return exposition.lines()
                .filter(l -> l.startsWith("# HELP flink_") || l.startsWith("# TYPE flink_"))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
