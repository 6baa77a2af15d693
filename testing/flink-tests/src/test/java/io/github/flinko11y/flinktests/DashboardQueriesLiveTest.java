package io.github.flinko11y.flinktests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.flinktests.dashboards.CatalogFiles;
import io.github.flinko11y.flinktests.support.ExporterPlugin;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.flinktests.support.JobFunctions.KeepEven;
import io.github.flinko11y.flinktests.support.JobFunctions.Throttle;
import io.github.flinko11y.flinktests.support.KitScrapeJob;
import io.github.flinko11y.flinktests.support.RepoFiles;
import io.github.flinko11y.testsupport.servers.PrometheusServer;
import io.github.flinko11y.testsupport.dashboards.GeneratedDashboards;
import io.github.flinko11y.testsupport.dashboards.LiveDashboardQueries;
import io.github.flinko11y.testsupport.dashboards.PanelQuery;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL query of the generated dashboards (dashboards/generated/), with Grafana's variables
 * substituted, runs against a real Prometheus that scrapes our reporter on a running MiniCluster
 * job (target labels and job name as our scrape configs set them, the catalog's recording rules
 * loaded): each panel must return series, except the listed ones that need something this job
 * does not have. Grafana itself does not run here; the queries are what it would send.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DashboardQueriesLiveTest {

    private static final String JOB_NAME = "o11y_dashboards_job";
    private static final String NAMESPACE = "flink-tests";
    private static final String CLUSTER = "minicluster";
    private static final String POD = "minicluster-0";
    private static final Path GENERATED_DASHBOARDS = RepoFiles.path("dashboards/generated");

    /** Panels allowed to stay empty on this job, each with the reason. They must be empty, too. */
    private static final Map<String, String> ALLOWED_EMPTY = Map.of(
            "cluster-overview / \"Alerts firing\"", "no alerting rules are loaded here, and none fires on a healthy job",
            "cluster-overview / \"Firing alerts\"", "no alerting rules are loaded here, and none fires on a healthy job",
            "job-detail / \"Source lag\"", "pendingRecords is registered only by sources that know their backlog (Kafka, ...)",
            "fleet-overview / \"Jobs\"", "its Source lag column (J) reads pendingRecords, registered only by sources that know"
                    + " their backlog; every other column is checked below",
            "taskmanager-jvm / \"Metaspace used\"", "the test JVM has no -XX:MaxMetaspaceSize (max -1: no ratio); Flink's"
                    + " TaskManagers always set it from taskmanager.memory.jvm-metaspace.size",
            "exporter-health / \"Log lines sent per second\"", "the log appender's counters are served only when its bundle is in lib/",
            "exporter-health / \"Log lines dropped per second\"", "the log appender's counters are served only when its bundle is in lib/",
            "exporter-health / \"Log batches failed per second\"", "the log appender's counters are served only when its bundle is in lib/");

    /** A query that reads a series or, where it is missing, another one (checkpoint age on Flink 1.20). */
    private static final Pattern OR_FALLBACK = Pattern.compile("\\bor\\b");

    /** This module's Flink version as the catalog's absentOn names it (major.minor). */
    private static final String FLINK_VERSION = EnvironmentInformation.getVersion().replaceFirst("^(\\d+\\.\\d+).*", "$1");

    private static int reporterPort;
    private static MiniCluster cluster;
    private static JobClient job;
    private static PrometheusServer prometheus;

    @TempDir
    static Path prometheusDir;

    @BeforeAll
    static void startJobAndPrometheus() throws Exception {
        reporterPort = FreePorts.one();
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(Configuration.fromMap(Map.of(
                        "metrics.reporter.prom.factory.class", ExporterPlugin.FACTORY_CLASS,
                        "metrics.reporter.prom.port", String.valueOf(reporterPort))))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .withRandomPorts()
                .setPluginManager(ExporterPlugin.pluginManager())
                .build());
        cluster.start();

        URI rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(),
                rest.getPort(), Configuration.fromMap(Map.of("execution.checkpointing.interval", "1 s")));
        env.setParallelism(1);
        // A FLIP-27 source with event timestamps, so watermark and event-time lag panels have data.
        env.fromSource(new NumberSequenceSource(0, Long.MAX_VALUE),
                        WatermarkStrategy.<Long>forMonotonousTimestamps()
                                .withTimestampAssigner((value, previous) -> System.currentTimeMillis()),
                        "numbers")
                .map(new Throttle()).name("throttle")
                .rebalance() // a network exchange: bytes, buffers and records in of the second task
                .filter(new KeepEven()).name("keep-even")
                .sinkTo(new DiscardingSink<>()).name("discard");
        job = env.executeAsync(JOB_NAME);

        Files.writeString(prometheusDir.resolve("rules.yml"), CatalogFiles.recordingRuleFile("1s"));
        prometheus = PrometheusServer.start(prometheusDir, prometheusConfig());
    }

    /** Our scrape config's shape: job name and target labels from the catalog, 1 s intervals. */
    private static String prometheusConfig() {
        return "global:\n"
                + "  scrape_interval: 1s\n"
                + "  evaluation_interval: 1s\n"
                + "rule_files:\n"
                + "  - rules.yml\n"
                + KitScrapeJob.scrapeConfigs(reporterPort, NAMESPACE, CLUSTER, POD);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            try {
                if (job != null) {
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
            } finally {
                if (cluster != null) {
                    cluster.closeAsync().get(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void everyDashboardPanelReturnsSeriesFromTheRunningJob() throws Exception {
        long start = System.nanoTime();
        List<PanelQuery> queries = GeneratedDashboards.promQueries(GENERATED_DASHBOARDS, Map.of(
                "namespace", NAMESPACE,
                "flink_cluster", CLUSTER,
                "job_name", JOB_NAME,
                // Multi-value variables at "All", as the dashboards open.
                "job_id", ".+",
                "task_name", ".+",
                "tm_id", ".+",
                "__rate_interval", "1m"));
        assertThat(queries).hasSizeGreaterThan(80);

        Map<String, String> allowedEmpty = allowedEmpty(queries);
        // Flink's per-second meters average over a minute and start at 0: wait for records too.
        LiveDashboardQueries live = LiveDashboardQueries.await(prometheus, queries, allowedEmpty,
                round -> round.value("job-detail", "Records in and out per second", "A") > 0, Duration.ofSeconds(90));
        Map<PanelQuery, List<JsonNode>> results = live.results();
        System.out.printf("%d dashboard queries, all panels with data after %d s%n", queries.size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        assertThat(live.emptyPanelsNotAllowed())
                .as("panels whose queries return no series (allowed: %s); Prometheus log:%n%s",
                        allowedEmpty, prometheus.tail(50))
                .isEmpty();
        assertThat(allowedEmpty.keySet())
                .as("allowed exceptions that now return data: remove them from ALLOWED_EMPTY")
                .allSatisfy(panel -> assertThat(live.emptyPanels()).containsKey(panel));

        // Drill-down links read labels of the clicked series: every series must carry them.
        results.forEach((query, series) -> series.forEach(s -> assertThat(fieldNames(s.path("metric")))
                .as("labels of a series of %s, whose links read %s", query, query.linkLabels)
                .containsAll(query.linkLabels)));

        // The values are the cluster's, not just any series.
        // One series each (NaN when none).
        assertThat(live.value("cluster-overview", "TaskManagers", "A")).isEqualTo(1.0);
        assertThat(live.value("cluster-overview", "Running jobs", "A")).isEqualTo(1.0);
        assertThat(live.value("cluster-overview", "Task slots", "B")).isEqualTo(2.0);
        assertThat(live.value("cluster-overview", "Restarts in the restart-loop window", "A")).isZero();
        // Records in: the source operator emits; records out: the sink writer receives (every other one).
        assertThat(live.value("job-detail", "Records in and out per second", "A")).isGreaterThan(0.0);
        assertThat(live.value("job-detail", "Records in and out per second", "B")).isGreaterThan(0.0);
        // On Flink 1.20 from the completed-checkpoint count, on 2.x from lastCheckpointCompletedTimestamp.
        assertThat(live.value("job-detail", "Checkpoint age", "A")).isBetween(0.0, 60.0);
        assertThat(live.value("cluster-overview", "Job running time", "A")).isGreaterThan(0.0);
        // The fleet table's row of the job: RUNNING (1), no restart within the day, checkpointing.
        assertThat(live.value("fleet-overview", "Jobs", "A")).isEqualTo(1.0);
        assertThat(live.value("fleet-overview", "Jobs", "C")).isZero();
        assertThat(live.value("fleet-overview", "Jobs", "D")).isBetween(0.0, 60.0);
        for (String column : List.of("B", "E", "F", "G", "H", "I")) {
            assertThat(live.value("fleet-overview", "Jobs", column)).as("fleet-overview / Jobs / " + column).isGreaterThanOrEqualTo(0.0);
        }
        assertThat(live.value("fleet-overview", "Jobs", "J")).as("no source lag without a Kafka-like source").isNaN();
        assertThat(live.value("job-detail", "Checkpoint duration", "A")).isGreaterThanOrEqualTo(0.0);
        assertThat(live.value("job-detail", "Event-time lag", "A")).isBetween(0.0, 60.0);
    }

    /**
     * ALLOWED_EMPTY plus the panels that query a series the catalog says this Flink version lacks
     * (unless the query falls back with {@code or} to series it has: those must return data), and
     * the panels of Kafka connector, RocksDB, Kubernetes and operator series, which this job and a
     * MiniCluster do not have.
     */
    private static Map<String, String> allowedEmpty(List<PanelQuery> queries) {
        Map<String, String> allowed = new TreeMap<>(ALLOWED_EMPTY);
        Map<String, String> absent = CatalogFiles.absentSeries(FLINK_VERSION);
        Map<String, String> kubernetes = CatalogFiles.kubernetesSeries();
        Map<String, String> connectors = CatalogFiles.connectorAndStateSeries();
        for (PanelQuery query : queries) {
            boolean fallback = OR_FALLBACK.matcher(query.expr).find();
            absent.forEach((series, note) -> {
                if (!fallback && names(query, series)) {
                    allowed.put(query.panelKey(), "absent on Flink " + FLINK_VERSION + ": " + note);
                }
            });
            connectors.forEach((series, id) -> {
                if (names(query, series)) {
                    allowed.put(query.panelKey(), id + " needs a Kafka source or sink or RocksDB state, which this job has not;"
                            + " EndToEndTest checks the panel on the local stack's demo job");
                }
            });
            kubernetes.forEach((series, source) -> {
                if (names(query, series)) {
                    allowed.put(query.panelKey(), "a series of " + source + ", which does not run next to a MiniCluster");
                }
            });
        }
        return allowed;
    }

    private static boolean names(PanelQuery query, String series) {
        return Pattern.compile("\\b" + Pattern.quote(series) + "\\b").matcher(query.expr).find();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
