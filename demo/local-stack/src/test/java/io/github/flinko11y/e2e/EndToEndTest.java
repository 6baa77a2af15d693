package io.github.flinko11y.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Metric;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.stack.DemoFault;
import io.github.flinko11y.stack.KitRules;
import io.github.flinko11y.stack.LocalStack;
import io.github.flinko11y.stack.StackPaths;
import io.github.flinko11y.stack.WebhookReceiver.Notification;
import io.github.flinko11y.testsupport.dashboards.GeneratedDashboards;
import io.github.flinko11y.testsupport.dashboards.LiveDashboardQueries;
import io.github.flinko11y.testsupport.dashboards.PanelQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on one machine, with real components: the demo job on a Flink JobManager and
 * TaskManager (separate JVMs, our reporter in plugins/, our log bundle in lib/), Prometheus with
 * our generated rules, Alertmanager with our generated routing, and a webhook receiver where a
 * human's pager would be. The rules are generated from the catalog with durations divided by 20
 * (see {@link KitRules}), so the test takes minutes, not hours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EndToEndTest {
    static final long CHECKPOINT_INTERVAL_MILLIS = 5_000;
    static final String JOB_NAME = "telecom_fraud_detection";
    static final String RUNBOOKS = "https://github.com/flink-o11y/flink-o11y-kit/blob/main/docs/runbooks.md#";
    static final Path GENERATED_DASHBOARDS = StackPaths.repositoryRoot().resolve("dashboards").resolve("generated");

    /** Panels that may show nothing on this healthy job, each with the reason. */
    static final Map<String, String> MAY_BE_EMPTY = Map.ofEntries(
            Map.entry("cluster-overview / \"Alerts firing\"", "no Flink alert fires on a healthy job; the Watchdog has no cluster labels"),
            Map.entry("cluster-overview / \"Firing alerts\"", "no Flink alert fires on a healthy job; the Watchdog has no cluster labels"),
            kubernetes("Flink pods by component"),
            kubernetes("Memory working set / limit"),
            kubernetes("Memory working set, request and limit"),
            kubernetes("CPU used, request and limit"),
            kubernetes("CPU throttling"),
            kubernetes("Container restarts"),
            kubernetes("OOM kills"),
            kubernetes("Containers waiting and pods pending"),
            kubernetes("FlinkDeployments in trouble"),
            kubernetes("Autoscaler scalings"),
            kubernetes("Autoscaler errors"));

    /**
     * A panel of the Kubernetes dashboard: kube-state-metrics, cAdvisor and the Flink Kubernetes
     * operator do not run in the local stack, so KubernetesDashboardQueriesLiveTest
     * (testing/kustomize-tests) runs these queries on recorded series in those exporters' formats.
     */
    private static Map.Entry<String, String> kubernetes(String panel) {
        return Map.entry("kubernetes / \"" + panel + "\"", "kube-state-metrics, cAdvisor and the operator do not run here: see KubernetesDashboardQueriesLiveTest");
    }

    /**
     * Catalog entries only a job like the demo produces (Kafka source and sink, RocksDB with its
     * native metrics, the demo's own), and the source lag in records and in time: a plain streaming
     * job (testing/flink-tests) does not have them, so this test checks their names and labels.
     */
    static final List<String> DEMO_JOB_ENTRY_PREFIXES = List.of("kafkaSource.", "kafkaSink.", "rocksdb.", "demo.");
    static final List<String> DEMO_JOB_ENTRIES = List.of("operator.pendingRecords", "operator.currentEmitEventTimeLag",
            "operator.numRecordsSend", "operator.numRecordsSendErrors", "operator.numBytesSend");

    LocalStack stack;
    KitRules rules;

    @BeforeAll
    void startStack(@TempDir Path dir) throws Exception {
        rules = KitRules.withFastTimings();
        stack = LocalStack.start(dir, rules, line -> {}, 500,
                "--checkpoint-interval-ms", String.valueOf(CHECKPOINT_INTERVAL_MILLIS));
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void prometheusScrapesJobManagerAndTaskManagerWithTheTargetLabelsOfOurScrapeConfigs() {
        Await.atMost(Duration.ofSeconds(90)).until("the fraud detector counting events in Prometheus", () -> !stack.prometheus()
                .query("flink_taskmanager_job_task_operator_eventsProcessed{job_id=\"" + stack.job() + "\"} > 0").isEmpty());
        Await.atMost(Duration.ofSeconds(30)).until("both Flink targets scraped",
                () -> stack.prometheus().query("up{job=\"flink\"} == 1").size() == 2);
        List<Map<String, String>> up = stack.prometheus().query("up{job=\"flink\"}");
        assertThat(up).extracting(s -> s.get("pod")).containsExactlyInAnyOrder("jobmanager-0", "taskmanager-0");
        assertThat(up).allSatisfy(s -> assertThat(s).containsEntry("__value__", "1")
                .containsEntry("namespace", LocalStack.NAMESPACE).containsEntry("flink_cluster", LocalStack.CLUSTER));
    }

    @Test
    @Order(2)
    void bothProcessesShipTheirLogsWithFlinkContext() {
        Await.atMost(Duration.ofSeconds(90)).until("a fraud signal logged by the TaskManager at Loki",
                () -> stack.loki().entries().stream().anyMatch(e -> e.line.startsWith("Fraud signal")));
        List<LokiStandIn.Entry> entries = stack.loki().entries();
        assertThat(entries).filteredOn(e -> e.line.startsWith("Fraud signal")).allSatisfy(e -> {
            assertThat(e.labels).isEqualTo(Map.of("component", "taskmanager", "flink_cluster", LocalStack.CLUSTER,
                    "namespace", LocalStack.NAMESPACE, "app", LocalStack.CLUSTER));
            assertThat(e.metadata).containsEntry("level", "WARN").containsEntry("pod", "taskmanager-0")
                    .containsEntry("flink_job_id", stack.job().toString());
        });
        assertThat(entries).anySatisfy(e -> assertThat(e.labels).containsEntry("component", "jobmanager"));
    }

    @Test
    @Order(3)
    void theWatchdogReachesTheDeadMansSwitch() {
        JsonNode watchdog = awaitAlert("watchdog", "FlinkWatchdog", "firing", Duration.ofSeconds(90));
        assertThat(watchdog.path("labels").path("severity").asText()).isEqualTo("info");
    }

    @Test
    @Order(4)
    void everyDashboardPanelShowsDataForTheRunningJob() throws InterruptedException {
        List<PanelQuery> queries = GeneratedDashboards.promQueries(GENERATED_DASHBOARDS, Map.of(
                "namespace", LocalStack.NAMESPACE,
                "flink_cluster", LocalStack.CLUSTER,
                "job_name", JOB_NAME,
                // multi-value variables at "All", as the dashboards open
                "job_id", ".+",
                "task_name", ".+",
                "tm_id", ".+",
                "__rate_interval", "1m"));
        LiveDashboardQueries live = LiveDashboardQueries.await(stack.prometheus(), queries, MAY_BE_EMPTY,
                round -> round.value("job-detail", "Records in and out per second", "A") > 0, Duration.ofSeconds(120));
        assertThat(live.emptyPanelsNotAllowed()).as("panels without data (allowed: %s)", MAY_BE_EMPTY).isEmpty();
        assertThat(live.value("cluster-overview", "TaskManagers", "A")).isEqualTo(1.0);
        assertThat(live.value("cluster-overview", "Running jobs", "A")).isEqualTo(1.0);
        assertThat(live.value("cluster-overview", "Task slots", "B")).isEqualTo(2.0);
    }

    @Test
    @Order(5)
    void theCatalogsKafkaRocksDbAndLagEntriesAreLiveWithTheLabelsOfTheirScope() {
        Catalog catalog = rules.catalog();
        List<Metric> entries = catalog.metrics().stream().filter(m -> DEMO_JOB_ENTRIES.contains(m.id())
                || DEMO_JOB_ENTRY_PREFIXES.stream().anyMatch(prefix -> m.id().startsWith(prefix))).collect(Collectors.toList());
        assertThat(entries).as("the demo job's entries: 3 demo, 7 Kafka source, 3 Kafka sink, 5 RocksDB and %s", DEMO_JOB_ENTRIES)
                .hasSize(DEMO_JOB_ENTRIES.size() + 18);
        Map<String, List<String>> missing = Await.atMost(Duration.ofSeconds(90)).pollEvery(Duration.ofSeconds(2))
                .latest(() -> missingFromPrometheus(catalog, entries), Map::isEmpty);
        assertThat(missing).as("catalog entries without a series of the demo job carrying the labels of their scope").isEmpty();
        // The source commits the offsets of each completed checkpoint back to Kafka.
        String committed = "min(" + catalog.metric("kafkaSource.committedOffset").name() + "{job_id=\"" + stack.job() + "\"})";
        String commits = "sum(" + catalog.metric("kafkaSource.commitsSucceeded").name() + "{job_id=\"" + stack.job() + "\"})";
        Await.atMost(Duration.ofSeconds(60)).until("offsets committed to Kafka for every partition",
                () -> !stack.prometheus().query(committed + " > 0 and " + commits + " > 0").isEmpty());
    }

    /** By catalog id: "no series", or the labels of its scope that its first series lacks. */
    private Map<String, List<String>> missingFromPrometheus(Catalog catalog, List<Metric> entries) {
        Map<String, List<String>> missing = new TreeMap<>();
        for (Metric entry : entries) {
            List<Map<String, String>> series = stack.prometheus().query(entry.name() + "{job_id=\"" + stack.job() + "\"}");
            if (series.isEmpty()) {
                missing.put(entry.id(), List.of("no series"));
                continue;
            }
            List<String> absent = catalog.labelsOf(entry.id()).stream().filter(label -> !series.get(0).containsKey(label))
                    .collect(Collectors.toList());
            if (!absent.isEmpty()) {
                missing.put(entry.id(), absent);
            }
        }
        return missing;
    }

    @Test
    @Order(6)
    void aRestartLoopPagesAHumanAndResolvesOnceTheFaultIsGone() throws Exception {
        stack.apply(DemoFault.RESTART_LOOP);
        JsonNode page = awaitAlert("paging", "FlinkJobRestartLoop", "firing", Duration.ofSeconds(120));
        assertThat(page.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(page.path("labels").path("job_name").asText()).isEqualTo(JOB_NAME);
        assertThat(page.path("labels").path("job_id").asText()).isEqualTo(stack.job().toString());
        assertThat(page.path("labels").path("namespace").asText()).isEqualTo(LocalStack.NAMESPACE);
        assertThat(page.path("labels").path("flink_cluster").asText()).isEqualTo(LocalStack.CLUSTER);
        assertThat(page.path("annotations").path("runbook_url").asText()).isEqualTo(RUNBOOKS + "flinkjobrestartloop");
        assertThat(page.path("annotations").path("description").asText()).contains(JOB_NAME).contains("jobmanager-0");

        stack.heal();
        awaitAlert("paging", "FlinkJobRestartLoop", "resolved", Duration.ofSeconds(150));
    }

    /** The first alert named {@code alertname} in {@code status} that Alertmanager sent to {@code receiver}. */
    private JsonNode awaitAlert(String receiver, String alertname, String status, Duration timeout) {
        Await.atMost(timeout).until(alertname + " " + status + " at receiver " + receiver + "; received so far: "
                + stack.webhook().received(), () -> find(receiver, alertname, status).isPresent());
        return find(receiver, alertname, status).get();
    }

    private Optional<JsonNode> find(String receiver, String alertname, String status) {
        for (Notification notification : stack.webhook().received()) {
            if (!notification.payload.path("receiver").asText().equals(receiver)) {
                continue;
            }
            for (JsonNode alert : notification.alerts()) {
                if (alert.path("labels").path("alertname").asText().equals(alertname)
                        && alert.path("status").asText().equals(status)) {
                    return Optional.of(alert);
                }
            }
        }
        return Optional.empty();
    }
}
