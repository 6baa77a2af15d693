package io.github.flinko11y.stack;

import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.HttpProbe;
import io.github.flinko11y.testsupport.process.FlinkJvm;
import io.github.flinko11y.testsupport.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Flink session cluster as two JVMs, started the way Flink's scripts start them on an image
 * with our kit: {@code lib/} jars sorted first (our log appender bundle with SLF4J 2 and logback),
 * then Flink's own jars (which carry SLF4J 1.7), the exporter in {@code plugins/}, our
 * {@code logback-console.xml}, and Flink's entry points with {@code --configDir}. flink-dist is not
 * in the Maven registry, so "Flink's jars" are the runtime dependencies of the demo job module
 * (flink-runtime, flink-streaming-java, flink-clients, the data generator), resolved by Maven
 * into {@code target/flink-classpath.txt}; the demo job's classes are among them, as if in
 * {@code usrlib/}.
 */
public final class FlinkProcessCluster implements AutoCloseable {
    private static final Path FLINK_HOME = StackPaths.flinkHome();

    private static final Map<String, String> TASK_MANAGER_RESOURCES = Map.ofEntries(
            Map.entry("taskmanager.cpu.cores", "2"),
            Map.entry("taskmanager.memory.framework.heap.size", "96m"),
            Map.entry("taskmanager.memory.framework.off-heap.size", "96m"),
            Map.entry("taskmanager.memory.task.heap.size", "256m"),
            Map.entry("taskmanager.memory.task.off-heap.size", "0m"),
            Map.entry("taskmanager.memory.network.min", "64m"),
            Map.entry("taskmanager.memory.network.max", "64m"),
            Map.entry("taskmanager.memory.managed.size", "64m"),
            Map.entry("taskmanager.memory.jvm-metaspace.size", "128m"),
            Map.entry("taskmanager.memory.jvm-overhead.min", "64m"),
            Map.entry("taskmanager.memory.jvm-overhead.max", "64m"));

    private final List<ManagedProcess> processes = new ArrayList<>();
    private final int restPort;
    private final int jobManagerMetricsPort;
    private final int taskManagerMetricsPort;

    private FlinkProcessCluster(int restPort, int jobManagerMetricsPort, int taskManagerMetricsPort) {
        this.restPort = restPort;
        this.jobManagerMetricsPort = jobManagerMetricsPort;
        this.taskManagerMetricsPort = taskManagerMetricsPort;
    }

    /**
     * Starts a JobManager and a TaskManager with two slots.
     *
     * @param logEnvironment the log appender's environment ({@code FLINK_O11Y_LOKI_URL}, ...)
     */
    public static FlinkProcessCluster start(Path dir, Map<String, String> logEnvironment) {
        FlinkProcessCluster cluster = new FlinkProcessCluster(FreePorts.one(), FreePorts.one(), FreePorts.one());
        try {
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Files.writeString(conf.resolve("config.yaml"), cluster.configYaml());
            Files.copy(StackPaths.logbackConfig(), conf.resolve("logback-console.xml"), StandardCopyOption.REPLACE_EXISTING);
            List<Path> classpath = classpath();
            cluster.processes.add(cluster.launch("jobmanager", dir, conf, classpath, logEnvironment,
                    FlinkJvm.jobManager("jobmanager"),
                    cluster.jobManagerMetricsPort, "-Xmx384m", "-XX:MaxMetaspaceSize=256m"));
            cluster.processes.add(cluster.launch("taskmanager", dir, conf, classpath, logEnvironment,
                    FlinkJvm.taskManager("taskmanager"),
                    cluster.taskManagerMetricsPort, "-Xmx384m", "-XX:MaxDirectMemorySize=256m",
                    "-XX:MaxMetaspaceSize=128m"));
            Await.atMost(Duration.ofSeconds(90)).pollEvery(Duration.ofMillis(250))
                    .until("a registered TaskManager at the JobManager's REST API", cluster::taskManagerRegistered);
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            String tails = cluster.processes.stream().map(p -> p.tail(40)).collect(Collectors.joining("\n"));
            cluster.close();
            throw new AssertionError(e.getMessage() + "\n" + tails, e);
        }
    }

    private String configYaml() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jobmanager.rpc.address", "localhost");
        config.put("jobmanager.rpc.port", String.valueOf(FreePorts.one()));
        config.put("jobmanager.bind-host", "localhost");
        config.put("jobmanager.memory.process.size", "700m");
        config.put("rest.address", "localhost");
        config.put("rest.bind-address", "localhost");
        config.put("rest.port", String.valueOf(restPort));
        config.put("blob.server.port", String.valueOf(FreePorts.one()));
        config.put("taskmanager.host", "localhost");
        config.put("taskmanager.bind-host", "localhost");
        config.put("taskmanager.numberOfTaskSlots", "2");
        config.put("metrics.reporter.prom.factory.class", "io.github.flinko11y.exporter.PrometheusExporterFactory");
        return config.entrySet().stream().map(e -> e.getKey() + ": \"" + e.getValue() + "\"")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private ManagedProcess launch(String component, Path dir, Path conf, List<Path> classpath,
            Map<String, String> logEnvironment, FlinkJvm jvm, int metricsPort, String... jvmOptions) {
        jvm.classpath(classpath).configDir(conf).workDir(dir).jvmOptions(jvmOptions)
                // one host, two reporters: each process gets its own port, as pods would have theirs
                .dynamicProperty("metrics.reporter.prom.port", String.valueOf(metricsPort));
        if (component.equals("taskmanager")) {
            // what Flink's taskmanager.sh computes (BashJavaUtils) and passes as dynamic properties
            TASK_MANAGER_RESOURCES.forEach(jvm::dynamicProperty);
        }
        Map<String, String> environment = new HashMap<>(logEnvironment);
        environment.put("FLINK_PLUGINS_DIR", FLINK_HOME.resolve("plugins").toString());
        environment.put("FLINK_CONF_DIR", conf.toString());
        environment.put("POD_NAME", component + "-0");
        return jvm.environment(environment).start();
    }

    /** {@code lib/} jars sorted, then Flink's jars: the order Flink's scripts give the JVM. */
    static List<Path> classpath() {
        return FlinkJvm.scriptOrderClasspath(FLINK_HOME.resolve("lib"), FlinkJvm.classpathFile(StackPaths.flinkClasspathFile()));
    }

    private boolean taskManagerRegistered() {
        for (ManagedProcess process : processes) {
            if (!process.isAlive()) {
                throw new IllegalStateException("a Flink process exited\n" + process.tail(60));
            }
        }
        return HttpProbe.status(restUrl() + "/taskmanagers") == 200
                && Json.get(restUrl() + "/taskmanagers").path("taskmanagers").size() == 1;
    }

    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    public int restPort() {
        return restPort;
    }

    public int jobManagerMetricsPort() {
        return jobManagerMetricsPort;
    }

    public int taskManagerMetricsPort() {
        return taskManagerMetricsPort;
    }

    public String tails(int lines) {
        return processes.stream().map(p -> p.tail(lines)).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        // TaskManager first, so the JobManager does not spend the shutdown restarting the job
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
