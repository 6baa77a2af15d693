package io.github.flinko11y.flinktests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Metric;
import io.github.flinko11y.flinktests.dashboards.CatalogFiles;
import io.github.flinko11y.flinktests.support.ExporterPlugin;
import io.github.flinko11y.flinktests.support.Exposition;
import io.github.flinko11y.flinktests.support.Exposition.Sample;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.flinktests.support.JobFunctions.KeepEven;
import io.github.flinko11y.flinktests.support.JobFunctions.Throttle;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.Promtool;
import io.github.flinko11y.flinktests.support.Scrape;
import java.io.File;
import java.net.URI;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Flink cluster (MiniCluster: one JobManager, one TaskManager with two slots) loads our
 * reporter from the plugins dir, runs a streaming job, and the exporter serves the JobManager, job,
 * TaskManager, task and operator metrics of that job over HTTP.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MiniClusterScrapeTest {

    private static final String JOB_NAME = "o11y_scrape_job";
    private static final Set<String> JOB_MANAGER_LABELS = Set.of("host");
    private static final Set<String> JOB_LABELS = Set.of("host", "job_id", "job_name");
    private static final Set<String> TASK_MANAGER_LABELS = Set.of("host", "tm_id");
    private static final Set<String> TASK_LABELS = Set.of("host", "tm_id", "job_id", "job_name", "task_id",
            "task_name", "task_attempt_id", "task_attempt_num", "subtask_index");
    private static final Set<String> OPERATOR_LABELS = union(TASK_LABELS, Set.of("operator_id", "operator_name"));

    private static int port;
    private static MiniCluster cluster;
    private static JobClient job;

    @BeforeAll
    static void startClusterAndJob() throws Exception {
        port = FreePorts.one();
        Configuration config = Configuration.fromMap(Map.of(
                "metrics.reporter.prom.factory.class", ExporterPlugin.FACTORY_CLASS,
                "metrics.reporter.prom.port", String.valueOf(port)));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .withRandomPorts()
                // Flink's JM/TM entry points read the plugins dir; a MiniCluster without a plugin
                // manager only sees reporters on the classpath, so give it the one they build.
                .setPluginManager(ExporterPlugin.pluginManager())
                .build());
        cluster.start();

        URI rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
                rest.getHost(), rest.getPort(), new Configuration());
        env.setParallelism(1);
        env.fromSequence(0, Long.MAX_VALUE).name("numbers")
                .map(new Throttle()).name("throttle")
                .rebalance() // a network exchange, so the second task counts records in
                .filter(new KeepEven()).name("keep-even")
                .sinkTo(new DiscardingSink<>()).name("discard");
        job = env.executeAsync(JOB_NAME);
    }

    @AfterAll
    static void stopJobAndCluster() throws Exception {
        try {
            if (job != null) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } finally {
            if (cluster != null) {
                cluster.closeAsync().get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(FreePorts.isFree(port)).as("the exporter released its port on shutdown").isTrue();
    }

    @Test
    void runsTheFlinkVersionOfItsModule() {
        assertThat(EnvironmentInformation.getVersion())
                .isEqualTo(System.getProperty("flink.tests.expected.flink.version"));
    }

    @Test
    void loadsTheReporterFromThePluginsDirNotTheClasspath() {
        // Surefire runs from a manifest-only jar and names the real test classpath here.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertThat(classpath.split(File.pathSeparator))
                .isNotEmpty()
                .noneMatch(entry -> entry.contains("flink-o11y-exporter") || entry.contains("simpleclient"));
        assertThatThrownBy(() -> Class.forName(ExporterPlugin.FACTORY_CLASS))
                .isInstanceOf(ClassNotFoundException.class);
        MetricReporterFactory factory = ExporterPlugin.factory(ExporterPlugin.pluginManager());
        assertThat(factory.getClass().getClassLoader().getClass().getName())
                .isEqualTo("org.apache.flink.core.plugin.PluginLoader$PluginClassLoader");
    }

    @Test
    void exportsJobManagerJobTaskManagerTaskAndOperatorSeriesOfTheRunningJob() throws Exception {
        Exposition first = awaitRecordsFlowing();
        // a later scrape in which every counter compared below has moved on, and the JobManager counts
        // the TaskManager's slots (its slot gauges follow the TaskManager's registration a moment later)
        Exposition second = awaitScrape(e -> RECORD_COUNTERS.stream().allMatch(name -> total(e, name) > total(first, name))
                && total(e, "flink_jobmanager_taskSlotsTotal") > 0);
        String jobId = job.getJobID().toString();

        Sample taskManagers = single(second, "flink_jobmanager_numRegisteredTaskManagers", Map.of());
        assertThat(taskManagers.value()).isEqualTo(1.0);
        assertThat(taskManagers.labels().keySet()).isEqualTo(JOB_MANAGER_LABELS);
        assertThat(single(second, "flink_jobmanager_taskSlotsTotal", Map.of()).value()).isEqualTo(2.0);
        assertThat(single(second, "flink_jobmanager_numRunningJobs", Map.of()).value()).isEqualTo(1.0);

        Sample restarts = single(second, "flink_jobmanager_job_numRestarts", Map.of("job_id", jobId));
        assertThat(restarts.labels()).containsEntry("job_name", JOB_NAME);
        assertThat(restarts.labels().keySet()).isEqualTo(JOB_LABELS);
        assertThat(restarts.value()).isEqualTo(0.0);

        Sample heap = single(second, "flink_taskmanager_Status_JVM_Memory_Heap_Used", Map.of());
        assertThat(heap.labels().keySet()).isEqualTo(TASK_MANAGER_LABELS);
        assertThat(heap.value()).isGreaterThan(0.0);
        String tmId = heap.label("tm_id");
        assertThat(tmId).isNotBlank();

        // Operators: named in the job, sanitised as Flink's reporter does ("keep-even" -> "keep_even").
        Sample throttle = single(second, "flink_taskmanager_job_task_operator_numRecordsIn",
                Map.of("operator_name", "throttle"));
        Sample keepEven = single(second, "flink_taskmanager_job_task_operator_numRecordsIn",
                Map.of("operator_name", "keep_even"));
        for (Sample operator : List.of(throttle, keepEven)) {
            assertThat(operator.labels().keySet()).isEqualTo(OPERATOR_LABELS);
            assertThat(operator.labels()).containsEntry("job_id", jobId).containsEntry("job_name", JOB_NAME)
                    .containsEntry("tm_id", tmId).containsEntry("subtask_index", "0");
        }
        String sourceTask = throttle.label("task_name");
        String filterTask = keepEven.label("task_name");
        assertThat(sourceTask).isEqualTo("Source:_numbers____throttle"); // ':' is valid, kept
        // Sink V2 names its writer operator "<sink name>: Writer".
        assertThat(filterTask).isEqualTo("keep_even____discard:_Writer");

        // Tasks: the chain "numbers -> throttle" sends, the chain "keep-even -> discard" receives.
        Sample sourceOut =
                single(second, "flink_taskmanager_job_task_numRecordsOut", Map.of("task_name", sourceTask));
        Sample filterIn =
                single(second, "flink_taskmanager_job_task_numRecordsIn", Map.of("task_name", filterTask));
        for (Sample task : List.of(sourceOut, filterIn)) {
            assertThat(task.labels().keySet()).isEqualTo(TASK_LABELS);
            assertThat(task.labels()).containsEntry("job_id", jobId).containsEntry("tm_id", tmId)
                    .containsEntry("subtask_index", "0");
        }

        // Counters are read live at each scrape: records keep flowing between the two.
        assertIncreased(first, second, "flink_taskmanager_job_task_operator_numRecordsIn",
                Map.of("operator_name", "throttle"));
        assertIncreased(first, second, "flink_taskmanager_job_task_operator_numRecordsIn",
                Map.of("operator_name", "keep_even"));
        assertIncreased(first, second, "flink_taskmanager_job_task_numRecordsOut",
                Map.of("task_name", sourceTask));
        assertIncreased(first, second, "flink_taskmanager_job_task_numRecordsIn",
                Map.of("task_name", filterTask));
        Map<String, String> filter = Map.of("operator_name", "keep_even");
        assertThat(value(second, "flink_taskmanager_job_task_operator_numRecordsOut", filter))
                .as("the filter passes on about half of what it receives")
                .isLessThan(value(second, "flink_taskmanager_job_task_operator_numRecordsIn", filter));
        assertThat(second.duplicateSeries()).isEmpty();
    }

    @Test
    void servesJvmStatisticsAndSelfMetricsLabelledWithTheFlinkProcess() throws Exception {
        Exposition scrape = awaitRecordsFlowing();
        Sample flinkHeap = single(scrape, "flink_taskmanager_Status_JVM_Memory_Heap_Used", Map.of());
        // A MiniCluster runs the JobManager and its one TaskManager in this JVM.
        Map<String, String> process = Map.of(
                "component", "jobmanager,taskmanager",
                "host", flinkHeap.label("host"),
                "tm_id", flinkHeap.label("tm_id"));

        List<Sample> heap = scrape.samples("jvm_memory_used_bytes", Map.of("area", "heap"));
        assertThat(heap).isNotEmpty().allSatisfy(pool -> {
            assertThat(pool.labels()).containsAllEntriesOf(process);
            assertThat(pool.value()).isGreaterThanOrEqualTo(0.0);
        });
        assertThat(heap.stream().mapToDouble(Sample::value).sum()).isGreaterThan(0.0);
        assertThat(single(scrape, "jvm_threads_live_threads", process).value()).isGreaterThan(10.0);
        assertThat(single(scrape, "jvm_classes_loaded_classes", process).value()).isGreaterThan(1000.0);

        assertThat(single(scrape, "flinko11y_exporter_scrapes_total", process).value()).isGreaterThanOrEqualTo(1.0);
        assertThat(single(scrape, "flinko11y_exporter_sample_lines", process).value())
                .as("the Flink sample lines of this very scrape")
                .isEqualTo((double) scrape.samples().stream().filter(s -> s.name().startsWith("flink_")).count());
        assertThat(single(scrape, "flinko11y_exporter_sample_lines_dropped", process).value()).isZero();
    }

    /**
     * Every entry of {@code catalog/flink-metrics.json} marked {@code "plainStreamingJob": true} is in a
     * live scrape of this job, with the labels of its scope: a Flink rename breaks this build before it
     * breaks an alert or a dashboard built from the catalog.
     */
    @Test
    void servesEveryCatalogMetricAPlainStreamingJobProducesWithTheLabelsOfItsScope() throws Exception {
        Catalog catalog = CatalogFiles.catalog();
        // "1.20.3" -> "1.20", as the catalog's "absentOn" lists versions.
        String flinkVersion = EnvironmentInformation.getVersion().replaceAll("^(\\d+\\.\\d+).*", "$1");
        List<Metric> expected = new ArrayList<>();
        List<Metric> absentHere = new ArrayList<>();
        for (Metric m : catalog.metrics()) {
            if (m.plainStreamingJob()) {
                (m.absentOn(flinkVersion) ? absentHere : expected).add(m);
            }
        }
        assertThat(expected).hasSizeGreaterThan(50);

        Exposition scrape = awaitRecordsFlowing();
        // Some series appear only after the first GC pause or scrape: give them a few more scrapes.
        if (!missingCatalogEntries(scrape, expected, catalog).isEmpty()) {
            scrape = Await.atMost(Duration.ofSeconds(30)).pollEvery(Duration.ofMillis(500)).latest(
                    () -> Scrape.metrics(port), s -> missingCatalogEntries(s, expected, catalog).isEmpty());
        }
        assertThat(missingCatalogEntries(scrape, expected, catalog))
                .as("catalog entries with \"plainStreamingJob\": true missing from a live scrape").isEmpty();
        // When a Flink version gains one of these, its "absentOn" entry must go.
        assertThat(missingCatalogEntries(scrape, absentHere, catalog))
                .as("entries the catalog says Flink %s lacks", flinkVersion).hasSameSizeAs(absentHere);
    }

    /** Catalog entries without a sample of their name (summaries: {@code _count}) carrying their scope's labels. */
    private static List<String> missingCatalogEntries(Exposition scrape, List<Metric> entries, Catalog catalog) {
        List<String> missing = new ArrayList<>();
        for (Metric entry : entries) {
            String sampleName = "summary".equals(entry.type()) ? entry.name() + "_count" : entry.name();
            Set<String> scopeLabels = new TreeSet<>(catalog.labels().labelSet(entry.scope()));
            boolean present = scrape.samples(sampleName).stream()
                    .anyMatch(s -> s.labels().keySet().containsAll(scopeLabels));
            if (!present) {
                missing.add(entry.id() + " (" + sampleName + scopeLabels + ")");
            }
        }
        return missing;
    }

    @Test
    void servesTextFormat004PlainAndGzipped() throws Exception {
        awaitRecordsFlowing();

        Scrape plain = Scrape.get(port, "/metrics", false);
        assertThat(plain.status).isEqualTo(200);
        assertThat(plain.contentType).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(plain.contentEncoding).isNull();

        Scrape gzipped = Scrape.get(port, "/metrics", true);
        assertThat(gzipped.status).isEqualTo(200);
        assertThat(gzipped.contentType).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(gzipped.contentEncoding).isEqualTo("gzip");
        assertThat(gzipped.rawBody[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
        assertThat(gzipped.rawBody[1] & 0xff).as("gzip magic").isEqualTo(0x8b);
        assertThat(gzipped.rawBody.length).isLessThan(gzipped.body.length() / 3);

        Exposition unzipped = Exposition.parse(gzipped.body);
        assertThat(unzipped.samples()).hasSizeGreaterThan(100);
        assertThat(single(unzipped, "flink_jobmanager_numRegisteredTaskManagers", Map.of()).value()).isEqualTo(1.0);
        assertThat(single(unzipped, "flink_taskmanager_job_task_operator_numRecordsIn",
                Map.of("operator_name", "throttle")).value()).isGreaterThan(0.0);

        Promtool.Result promtool = Promtool.checkMetrics(gzipped.body);
        assertThat(promtool.parsed()).as("%s", promtool).isTrue();
    }

    /** The first scrape in which both tasks have processed records. */
    private static Exposition awaitRecordsFlowing() throws InterruptedException {
        return awaitScrape(e -> value(e, "flink_taskmanager_job_task_operator_numRecordsIn",
                Map.of("operator_name", "throttle")) > 0
                && value(e, "flink_taskmanager_job_task_operator_numRecordsIn",
                Map.of("operator_name", "keep_even")) > 0);
    }

    private static Exposition awaitScrape(Predicate<Exposition> ready) {
        return Await.atMost(Duration.ofSeconds(60)).pollEvery(Duration.ofMillis(200))
                .until("the running job's metrics", () -> Scrape.metrics(port), ready);
    }

    private static Sample single(Exposition exposition, String name, Map<String, String> labels) {
        List<Sample> samples = exposition.samples(name, labels);
        assertThat(samples).as("samples of %s with %s", name, labels).hasSize(1);
        return samples.get(0);
    }

    /** The value of the one matching sample, or -1 when there is none yet. */
    private static final List<String> RECORD_COUNTERS = List.of("flink_taskmanager_job_task_operator_numRecordsIn",
            "flink_taskmanager_job_task_numRecordsOut", "flink_taskmanager_job_task_numRecordsIn");

    /** The sum of a family's samples: grows when any task or operator counts a record. */
    private static double total(Exposition exposition, String name) {
        return exposition.samples(name).stream().mapToDouble(Sample::value).sum();
    }

    private static double value(Exposition exposition, String name, Map<String, String> labels) {
        List<Sample> samples = exposition.samples(name, labels);
        return samples.size() == 1 ? samples.get(0).value() : -1;
    }

    private static void assertIncreased(
            Exposition first, Exposition second, String name, Map<String, String> labels) {
        assertThat(single(second, name, labels).value())
                .as("%s%s between two scrapes 1.5 s apart", name, labels)
                .isGreaterThan(single(first, name, labels).value());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
