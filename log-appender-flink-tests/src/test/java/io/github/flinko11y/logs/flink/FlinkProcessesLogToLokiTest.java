package io.github.flinko11y.logs.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.logs.loki.LokiStandIn.Entry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink 2.3's real JobManager and TaskManager entry points, each in its own JVM, on a classpath
 * ordered as Flink's scripts order lib/ (our bundle, then Flink's jars with SLF4J 1.7 among them):
 * a job runs, and both processes' lines reach the Loki stand-in with Flink's labels and metadata.
 */
class FlinkProcessesLogToLokiTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Map<String, String> env(LokiStandIn loki, String pod) {
        Map<String, String> env = new HashMap<>();
        env.put("FLINK_O11Y_LOKI_URL", loki.pushUrl());
        env.put("FLINK_O11Y_CLUSTER_ID", "orders");
        env.put("FLINK_O11Y_NAMESPACE", "streaming");
        env.put("FLINK_O11Y_LOKI_BATCH_TIMEOUT_MS", "200");
        env.put("POD_NAME", pod);
        env.put("NODE_NAME", "node-a");
        env.put("FLINK_PLUGINS_DIR", FlinkHome.PLUGINS.toString());
        return env;
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void jobManagerAndTaskManagerLinesArriveWithTheirLabelsAndTheCountsAreServed() throws Exception {
        FlinkHome home = FlinkHome.create(dir);
        Path logs = Files.createDirectories(dir.resolve("log"));
        int jmMetricsPort = FlinkHome.freePort();
        int tmMetricsPort = FlinkHome.freePort();
        try (LokiStandIn loki = LokiStandIn.loki3();
                FlinkProcess jm = FlinkProcess.start(FlinkProcess.JOBMANAGER, FlinkHome.flinkClasspath(), home.confDir,
                        logs, "flink-test-standalonesession-0-localhost", env(loki, "orders-jobmanager-0"),
                        "metrics.reporter.prom.port=" + jmMetricsPort);
                FlinkProcess tm = FlinkProcess.start(FlinkProcess.TASKMANAGER, FlinkHome.flinkClasspath(), home.confDir,
                        logs, "flink-test-taskexecutor-0-localhost", env(loki, "orders-taskmanager-1-1"),
                        "metrics.reporter.prom.port=" + tmMetricsPort)) {
            awaitTaskManagers(home.restPort, 1, jm, tm);

            StreamExecutionEnvironment job = StreamExecutionEnvironment.createRemoteEnvironment("localhost", home.restPort);
            job.fromSequence(1, 10_000).sinkTo(new DiscardingSink<>());
            JobExecutionResult result = job.execute("log-appender-flink-test");
            String jobId = result.getJobID().toHexString();

            Entry jmJobLine = awaitEntry(loki, e -> "jobmanager".equals(e.labels.get("component"))
                    && jobId.equals(e.metadata.get("flink_job_id")), "a JobManager line of job " + jobId);
            Entry tmJobLine = awaitEntry(loki, e -> "taskmanager".equals(e.labels.get("component"))
                    && jobId.equals(e.metadata.get("flink_job_id")), "a TaskManager line of job " + jobId);
            assertThat(jmJobLine.labels).isEqualTo(Map.of(
                    "namespace", "streaming", "cluster", "orders", "component", "jobmanager", "app", "orders"));
            assertThat(tmJobLine.labels).isEqualTo(Map.of(
                    "namespace", "streaming", "cluster", "orders", "component", "taskmanager", "app", "orders"));
            assertThat(jmJobLine.metadata).containsEntry("pod", "orders-jobmanager-0").containsEntry("node", "node-a")
                    .containsKeys("level", "thread", "logger");
            assertThat(tmJobLine.metadata).containsEntry("pod", "orders-taskmanager-1-1")
                    .containsKeys("level", "thread", "logger");
            assertThat(tmJobLine.metadata.get("logger")).startsWith("org.apache.flink.");
            // Both processes' own startup banners, and the JobManager's file for the Web UI.
            awaitEntry(loki, e -> "jobmanager".equals(e.labels.get("component"))
                    && e.line.startsWith("Starting StandaloneSessionClusterEntrypoint"), "the JobManager's start line");
            awaitEntry(loki, e -> "taskmanager".equals(e.labels.get("component"))
                    && e.line.startsWith("Starting TaskManager"), "the TaskManager's start line");
            assertThat(Files.readString(jm.logFile)).contains(jobId);
            assertThat(jm.output()).doesNotContain("SLF4J").doesNotContain(FlinkHome.wrongOrderHeadline());

            // The exporter plugin serves the appender's counters of its own process.
            long tmSent = sample(Http.get(tmMetricsPort), "flinko11y_log_appender_lines_sent_total", "taskmanager");
            assertThat(tmSent).isGreaterThan(0);
            assertThat(sample(Http.get(tmMetricsPort), "flinko11y_log_appender_lines_dropped_total", "taskmanager")).isZero();
            assertThat(sample(Http.get(jmMetricsPort), "flinko11y_log_appender_lines_sent_total", "jobmanager")).isGreaterThan(0);

            // SIGTERM as in a pod: lines logged while the TaskManager shuts down still arrive.
            assertThat(tm.terminate(Duration.ofSeconds(30))).as("TaskManager exited after SIGTERM").isTrue();
            List<Entry> after = loki.entries();
            assertThat(after).anyMatch(e -> "taskmanager".equals(e.labels.get("component"))
                    && e.line.startsWith("RECEIVED SIGNAL 15: SIGTERM. Shutting down as requested."));
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void slf4j17BeforeTheBundleMakesTheJobManagerSayItLoudly() throws Exception {
        FlinkHome home = FlinkHome.create(dir);
        Path logs = Files.createDirectories(dir.resolve("log"));
        try (LokiStandIn loki = LokiStandIn.loki3();
                FlinkProcess jm = FlinkProcess.start(FlinkProcess.JOBMANAGER, FlinkHome.slf4j17FirstClasspath(),
                        home.confDir, logs, "flink-test-standalonesession-0-localhost", env(loki, "orders-jobmanager-0"))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!jm.output().contains("flink-o11y: Fix: ") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String output = jm.output();

            assertThat(output).contains(FlinkHome.wrongOrderHeadline() + "\n"
                    + "flink-o11y:   SLF4J 1.7 API (loaded first): "
                    + FlinkHome.slf4j17(FlinkHome.flinkJars()).toUri().toURL() + "\n"
                    + "flink-o11y:   flink-o11y log appender (SLF4J 2, logback, loki4j): "
                    + FlinkHome.BUNDLE.toUri().toURL() + "\n");
            assertThat(output).contains("flink-o11y: Fix: copy flink-o11y-log-appender-*.jar into $FLINK_HOME/lib/");
            // Flink itself keeps running; its lines go nowhere, which is what the message says.
            Thread.sleep(2000);
            assertThat(jm.isAlive()).isTrue();
            assertThat(loki.entries()).isEmpty();
            assertThat(jm.logFile).doesNotExist();
        }
    }

    private static void awaitTaskManagers(int restPort, int count, FlinkProcess jm, FlinkProcess tm) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ObjectMapper json = new ObjectMapper();
        while (System.nanoTime() < deadline) {
            if (!jm.isAlive() || !tm.isAlive()) {
                throw new AssertionError("a Flink process exited:\n--- JobManager\n" + jm.output()
                        + "\n--- TaskManager\n" + tm.output());
            }
            try {
                HttpResponse<String> overview = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/overview")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (overview.statusCode() == 200 && json.readTree(overview.body()).path("taskmanagers").asInt() >= count) {
                    return;
                }
            } catch (IOException notYetListening) {
                // The JobManager's REST endpoint is still starting.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no TaskManager registered within " + WAIT + ":\n--- JobManager\n" + jm.output()
                + "\n--- TaskManager\n" + tm.output());
    }

    private static Entry awaitEntry(LokiStandIn loki, Predicate<Entry> match, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Entry> found = loki.entries().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Loki stand-in: no " + what + " within " + WAIT + " among " + loki.entries().size()
                + " entries");
    }

    /** The value of one sample of a family, for the process with this {@code component} label. */
    private static long sample(String exposition, String name, String component) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(exposition);
        while (line.find()) {
            if (line.group(1).contains("component=\"" + component + "\"")) {
                return (long) Double.parseDouble(line.group(2));
            }
        }
        throw new AssertionError("no " + name + " with component=\"" + component + "\" in:\n" + exposition);
    }

    /** GET /metrics of an exporter. */
    private static final class Http {
        static String get(int port) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
