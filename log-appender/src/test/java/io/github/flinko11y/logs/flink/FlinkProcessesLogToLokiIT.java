package io.github.flinko11y.logs.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.logs.loki.LokiStandIn.Entry;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.HttpProbe;
import io.github.flinko11y.testsupport.process.FlinkJvm;
import io.github.flinko11y.testsupport.process.ManagedProcess;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
class FlinkProcessesLogToLokiIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

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

    /** A Flink JVM as flink-console.sh starts it, its .out and .log files under {@code logs}. */
    private static ManagedProcess start(FlinkJvm jvm, List<Path> classpath, FlinkHome home, Path logs,
            Map<String, String> env, String... dynamicProperties) {
        jvm.classpath(classpath).configDir(home.confDir).workDir(logs).environment(env)
                .jvmOptions("-Xmx256m", "-XX:MaxMetaspaceSize=256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        for (String property : dynamicProperties) {
            String[] keyValue = property.split("=", 2);
            jvm.dynamicProperty(keyValue[0], keyValue[1]);
        }
        return jvm.start();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void jobManagerAndTaskManagerLinesArriveWithTheirLabelsAndTheCountsAreServed() throws Exception {
        FlinkHome home = FlinkHome.create(dir);
        Path logs = Files.createDirectories(dir.resolve("log"));
        int jmMetricsPort = FreePorts.one();
        int tmMetricsPort = FreePorts.one();
        FlinkJvm jobManager = FlinkJvm.jobManager("flink-test-standalonesession-0-localhost");
        try (LokiStandIn loki = LokiStandIn.loki3();
                ManagedProcess jm = start(jobManager, FlinkHome.flinkClasspath(), home, logs,
                        env(loki, "orders-jobmanager-0"), "metrics.reporter.prom.port=" + jmMetricsPort);
                ManagedProcess tm = start(FlinkJvm.taskManager("flink-test-taskexecutor-0-localhost"),
                        FlinkHome.flinkClasspath(), home, logs, env(loki, "orders-taskmanager-1-1"),
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
                    "namespace", "streaming", "flink_cluster", "orders", "component", "jobmanager", "app", "orders"));
            assertThat(tmJobLine.labels).isEqualTo(Map.of(
                    "namespace", "streaming", "flink_cluster", "orders", "component", "taskmanager", "app", "orders"));
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
            assertThat(Files.readString(jobManager.logFile())).contains(jobId);
            assertThat(jm.output()).doesNotContain("SLF4J").doesNotContain(FlinkHome.wrongOrderHeadline());

            // The exporter plugin serves the appender's counters of its own process.
            long tmSent = sample(metrics(tmMetricsPort), "flinko11y_log_appender_lines_sent_total", "taskmanager");
            assertThat(tmSent).isGreaterThan(0);
            assertThat(sample(metrics(tmMetricsPort), "flinko11y_log_appender_lines_dropped_total", "taskmanager")).isZero();
            assertThat(sample(metrics(jmMetricsPort), "flinko11y_log_appender_lines_sent_total", "jobmanager")).isGreaterThan(0);

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
        FlinkJvm jobManager = FlinkJvm.jobManager("flink-test-standalonesession-0-localhost");
        try (LokiStandIn loki = LokiStandIn.loki3();
                ManagedProcess jm = start(jobManager, FlinkHome.slf4j17FirstClasspath(), home, logs,
                        env(loki, "orders-jobmanager-0"))) {
            String output = Await.atMost(WAIT).latest(jm::output, out -> out.contains("flink-o11y: Fix: "));

            assertThat(output).contains(FlinkHome.wrongOrderHeadline() + "\n"
                    + "flink-o11y:   SLF4J 1.7 API (loaded first): "
                    + FlinkHome.slf4j17(FlinkHome.flinkJars()).toUri().toURL() + "\n"
                    + "flink-o11y:   flink-o11y log appender (SLF4J 2, logback, loki4j): "
                    + FlinkHome.BUNDLE.toUri().toURL() + "\n");
            assertThat(output).contains("flink-o11y: Fix: copy flink-o11y-log-appender-*.jar into $FLINK_HOME/lib/");
            // Flink itself keeps running (its REST API comes up); its lines go nowhere, which is what the message says.
            Await.atMost(WAIT).until("the JobManager's REST API",
                    () -> HttpProbe.status("http://localhost:" + home.restPort + "/overview") == 200 || !jm.isAlive());
            assertThat(jm.isAlive()).isTrue();
            assertThat(loki.entries()).isEmpty();
            assertThat(jobManager.logFile()).doesNotExist();
        }
    }

    private static void awaitTaskManagers(int restPort, int count, ManagedProcess jm, ManagedProcess tm) {
        ObjectMapper json = new ObjectMapper();
        Await.atMost(WAIT).pollEvery(Duration.ofMillis(250)).until("a registered TaskManager", () -> {
            if (!jm.isAlive() || !tm.isAlive()) {
                throw new AssertionError("a Flink process exited:\n--- JobManager\n" + jm.output()
                        + "\n--- TaskManager\n" + tm.output());
            }
            // -1 while the JobManager's REST endpoint is still starting
            String overview = "http://localhost:" + restPort + "/overview";
            return HttpProbe.status(overview) == 200
                    && json.readTree(HttpProbe.get(overview)).path("taskmanagers").asInt() >= count;
        }, registered -> registered);
    }

    private static Entry awaitEntry(LokiStandIn loki, Predicate<Entry> match, String what) {
        return Await.atMost(WAIT).until("Loki stand-in: " + what,
                () -> loki.entries().stream().filter(match).findFirst(), Optional::isPresent).get();
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
    private static String metrics(int port) {
        return HttpProbe.get("http://localhost:" + port + "/metrics");
    }

    /**
     * A Flink installation as the tests need it: {@code conf/} with config.yaml and our
     * logback-console.xml, and the classpath Flink's scripts would build from {@code lib/}.
     */
    static final class FlinkHome {

        static final Path BUNDLE = Path.of(required("lib.bundle.jar")).toAbsolutePath().normalize();
        static final Path FLINK_LIB = Path.of(required("flink.lib.dir"));
        /** flink-dist's SLF4J 1.7, copied apart because this module's own SLF4J is 2. */
        static final Path SLF4J_1_7 = Path.of(required("slf4j17.jar"));
        static final Path PLUGINS = Path.of(required("flink.plugins.dir"));
        static final Path LOGBACK_CONSOLE_XML = Path.of(required("logback.console.xml"));

        final Path confDir;
        final int rpcPort;
        final int restPort;

        private FlinkHome(Path confDir, int rpcPort, int restPort) {
            this.confDir = confDir;
            this.rpcPort = rpcPort;
            this.restPort = restPort;
        }

        static FlinkHome create(Path dir) throws IOException {
            if (!Files.isRegularFile(BUNDLE)) {
                throw new IllegalStateException(BUNDLE + " is missing: build log-appender with package first"
                        + " (mvn -pl log-appender -am verify)");
            }
            Path conf = Files.createDirectories(dir.resolve("conf"));
            int rpcPort = FreePorts.one();
            int restPort = FreePorts.one();
            // Flink 2 reads conf/config.yaml; the TaskManager's memory is spelled out because no script
            // computes it here (flink-console.sh would pass the same values as dynamic properties).
            Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                    "jobmanager.rpc.address: localhost",
                    "jobmanager.rpc.port: " + rpcPort,
                    "jobmanager.bind-host: localhost",
                    "rest.address: localhost",
                    "rest.bind-address: localhost",
                    "rest.port: " + restPort,
                    "taskmanager.host: localhost",
                    "taskmanager.bind-host: localhost",
                    "taskmanager.numberOfTaskSlots: 1",
                    "taskmanager.cpu.cores: 1",
                    "taskmanager.memory.framework.heap.size: 64m",
                    "taskmanager.memory.task.heap.size: 64m",
                    "taskmanager.memory.managed.size: 16m",
                    "taskmanager.memory.framework.off-heap.size: 64m",
                    "taskmanager.memory.task.off-heap.size: 0m",
                    "taskmanager.memory.network.min: 16m",
                    "taskmanager.memory.network.max: 16m",
                    "taskmanager.memory.jvm-metaspace.size: 256m",
                    "taskmanager.memory.jvm-overhead.min: 64m",
                    "taskmanager.memory.jvm-overhead.max: 64m",
                    "metrics.reporter.prom.factory.class: io.github.flinko11y.exporter.PrometheusExporterFactory",
                    "parallelism.default: 1",
                    ""));
            Files.copy(LOGBACK_CONSOLE_XML, conf.resolve("logback-console.xml"));
            return new FlinkHome(conf, rpcPort, restPort);
        }

        /** As bin/config.sh orders it: lib/ sorted (our bundle), then Flink's jars, SLF4J 1.7 among them. */
        static List<Path> flinkClasspath() throws IOException {
            List<Path> classpath = new ArrayList<>();
            classpath.add(BUNDLE);
            classpath.addAll(flinkJars());
            return classpath;
        }

        /** The failure the kit guards against: SLF4J 1.7 first, then our bundle, then Flink. */
        static List<Path> slf4j17FirstClasspath() throws IOException {
            List<Path> flink = flinkJars();
            List<Path> classpath = new ArrayList<>();
            classpath.add(slf4j17(flink));
            classpath.add(BUNDLE);
            classpath.addAll(flink);
            return classpath;
        }

        static Path slf4j17(List<Path> flinkJars) {
            return flinkJars.stream().filter(p -> p.getFileName().toString().equals("slf4j-api-1.7.36.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no slf4j-api-1.7.36.jar among Flink's jars in " + FLINK_LIB));
        }

        /** Flink's jars as flink-dist would bring them, SLF4J 1.7 among them, sorted. */
        static List<Path> flinkJars() throws IOException {
            try (Stream<Path> jars = Stream.concat(Files.list(FLINK_LIB), Stream.of(SLF4J_1_7))) {
                return jars.filter(p -> p.toString().endsWith(".jar")).sorted(Comparator.comparing(Path::getFileName))
                        .collect(Collectors.toList());
            }
        }

        /** The first line of the bundle's wrong-order report, read from the bundle itself. */
        static String wrongOrderHeadline() throws Exception {
            try (URLClassLoader bundle = new URLClassLoader(new URL[] {BUNDLE.toUri().toURL()}, null)) {
                return (String) bundle.loadClass("io.github.flinko11y.logs.WrongClasspathOrder").getField("HEADLINE").get(null);
            }
        }

        private static String required(String property) {
            String value = System.getProperty(property);
            if (value == null) {
                throw new IllegalStateException("system property " + property + " is set by this module's pom; run through Maven");
            }
            return value;
        }
    }
}
