package io.github.flinko11y.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.stack.DemoJob;
import io.github.flinko11y.stack.FlinkProcessCluster;
import io.github.flinko11y.stack.Http;
import io.github.flinko11y.stack.PrometheusServer;
import io.github.flinko11y.logs.loki.LokiStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EndToEndTest {
    static final String NAMESPACE = "e2e";
    static final String CLUSTER = "fraud-cluster";

    @TempDir
    Path dir;

    @Test
    void demoJobOnSeparateJobManagerAndTaskManagerIsScrapedByPrometheus() throws Exception {
        Path faultFile = dir.resolve("fault");
        try (LokiStandIn loki = LokiStandIn.loki3();
             FlinkProcessCluster flink = FlinkProcessCluster.start(Files.createDirectories(dir.resolve("flink")),
                Map.of("FLINK_O11Y_NAMESPACE", NAMESPACE, "FLINK_O11Y_CLUSTER_ID", CLUSTER,
                        "FLINK_O11Y_LOKI_URL", loki.pushUrl()));
             PrometheusServer prometheus = PrometheusServer.start(Files.createDirectories(dir.resolve("prometheus")),
                     scrapeConfig(flink))) {
            JobID job = DemoJob.submit(flink, faultFile, "--checkpoint-interval-ms", "5000", "--subscribers", "500");
            Http.await("fraud detector counting events in Prometheus", Duration.ofSeconds(120), () -> !prometheus.query(
                    "flink_taskmanager_job_task_operator_eventsProcessed{job_id=\"" + job + "\"} > 0").isEmpty());
            List<Map<String, String>> up = prometheus.query("up{job=\"flink\"}");
            assertThat(up).extracting(s -> s.get("pod")).containsExactlyInAnyOrder("jobmanager-0", "taskmanager-0");
            assertThat(up).allSatisfy(s -> assertThat(s).containsEntry("__value__", "1")
                    .containsEntry("namespace", NAMESPACE).containsEntry("cluster", CLUSTER));

            // both processes ship their logs, the job's fraud signals among the TaskManager's lines
            Http.await("a fraud signal logged by the TaskManager at Loki", Duration.ofSeconds(60),
                    () -> loki.entries().stream().anyMatch(e -> e.line.startsWith("Fraud signal")));
            List<LokiStandIn.Entry> entries = loki.entries();
            assertThat(entries).filteredOn(e -> e.line.startsWith("Fraud signal")).allSatisfy(e -> {
                assertThat(e.labels).isEqualTo(Map.of("component", "taskmanager", "cluster", CLUSTER,
                        "namespace", NAMESPACE, "app", CLUSTER));
                assertThat(e.metadata).containsEntry("level", "WARN").containsEntry("pod", "taskmanager-0")
                        .containsEntry("flink_job_id", job.toString());
            });
            assertThat(entries).anySatisfy(e -> assertThat(e.labels).containsEntry("component", "jobmanager"));
        }
    }

    static String scrapeConfig(FlinkProcessCluster flink) {
        return "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: flink\n    static_configs:\n"
                + target(flink.jobManagerMetricsPort(), "jobmanager-0")
                + target(flink.taskManagerMetricsPort(), "taskmanager-0");
    }

    private static String target(int port, String pod) {
        return "      - targets: ['127.0.0.1:" + port + "']\n        labels: {namespace: " + NAMESPACE
                + ", cluster: " + CLUSTER + ", pod: " + pod + "}\n";
    }
}
