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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flink session cluster as two JVMs, started the way Flink's scripts start them on an image
 * with our kit: {@code lib/} jars sorted first (our log appender bundle with SLF4J 2 and logback),
 * then Flink's own jars (which carry SLF4J 1.7), the exporter in {@code plugins/}, our
 * {@code logback-console.xml}, and Flink's entry points with {@code --configDir}. flink-dist is not
 * in the Maven registry, so "Flink's jars" are the runtime dependencies of the demo job module
 * (flink-runtime, flink-streaming-java, flink-clients, the Kafka connector, RocksDB), resolved by Maven
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

    private final Path dir;
    private final Map<String, String> logEnvironment;
    private final int restPort;
    private final int jobManagerMetricsPort;
    private final int taskManagerMetricsPort;
    private Path conf;
    private List<Path> classpath;
    private ManagedProcess jobManager;
    private ManagedProcess taskManager;

    private FlinkProcessCluster(Path dir, Map<String, String> logEnvironment) {
        this.dir = dir;
        this.logEnvironment = logEnvironment;
        this.restPort = FreePorts.one();
        this.jobManagerMetricsPort = FreePorts.one();
        this.taskManagerMetricsPort = FreePorts.one();
    }

    /**
     * Starts a JobManager and a TaskManager with two slots.
     *
     * @param logEnvironment the log appender's environment ({@code FLINK_O11Y_LOKI_URL}, ...)
     */
    public static FlinkProcessCluster start(Path dir, Map<String, String> logEnvironment) {
        FlinkProcessCluster cluster = new FlinkProcessCluster(dir, logEnvironment);
        try {
            cluster.conf = Files.createDirectories(dir.resolve("conf"));
            Files.writeString(cluster.conf.resolve("config.yaml"), cluster.configYaml());
            Files.copy(StackPaths.logbackConfig(), cluster.conf.resolve("logback-console.xml"), StandardCopyOption.REPLACE_EXISTING);
            cluster.classpath = classpath();
            cluster.jobManager = cluster.launch("jobmanager", FlinkJvm.jobManager("jobmanager"),
                    cluster.jobManagerMetricsPort, "-Xmx384m", "-XX:MaxMetaspaceSize=256m");
            cluster.startTaskManager();
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            String tails = cluster.tails(40);
            cluster.close();
            throw new AssertionError(e.getMessage() + "\n" + tails, e);
        }
    }

    /**
     * Starts a TaskManager (again, after {@link #killTaskManager()}: as Kubernetes replaces a pod, on
     * the same metrics port) and waits until the JobManager has it registered.
     */
    public synchronized void startTaskManager() {
        if (taskManager != null && taskManager.isAlive()) {
            throw new IllegalStateException("the TaskManager is running");
        }
        taskManager = launch("taskmanager", FlinkJvm.taskManager("taskmanager"), taskManagerMetricsPort,
                "-Xmx384m", "-XX:MaxDirectMemorySize=256m", "-XX:MaxMetaspaceSize=128m");
        Await.atMost(Duration.ofSeconds(90)).pollEvery(Duration.ofMillis(250))
                .until("a registered TaskManager at the JobManager's REST API", () -> registeredTaskManagers() == 1);
    }

    /** Kills the TaskManager process (SIGKILL: no shutdown hook, as the kernel's OOM killer or a lost node). */
    public synchronized void killTaskManager() {
        taskManager.kill();
    }

    /** Where the jobs' checkpoints go. */
    public Path checkpointStorage() {
        return dir.resolve("checkpoints");
    }

    /**
     * Makes the checkpoint storage unwritable, as an unreachable S3 bucket or a full volume would: the
     * directory is moved aside and a file takes its place, so no checkpoint directory can be created.
     * Flink counts each checkpoint as failed and keeps the job running.
     */
    public synchronized void breakCheckpointStorage() {
        try {
            Files.move(checkpointStorage(), brokenCheckpointStorage());
            Files.writeString(checkpointStorage(), "not a directory: the demo's checkpoint-failure fault\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Undoes {@link #breakCheckpointStorage()}; does nothing when the storage is not broken. */
    public synchronized void repairCheckpointStorage() {
        try {
            if (Files.isDirectory(brokenCheckpointStorage())) {
                Files.delete(checkpointStorage());
                Files.move(brokenCheckpointStorage(), checkpointStorage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path brokenCheckpointStorage() {
        return dir.resolve("checkpoints.unavailable");
    }

    /** Whether the TaskManager process runs. */
    public synchronized boolean taskManagerAlive() {
        return taskManager != null && taskManager.isAlive();
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
        // the scheduler of reactive mode and of the autoscaler's in-place rescaling, so the demo can rescale a job
        config.put("jobmanager.scheduler", "adaptive");
        // checkpoints to a directory, as to S3 or a volume in production, so the storage can fail
        config.put("execution.checkpointing.dir", checkpointStorage().toUri().toString());
        // a killed TaskManager is noticed within seconds, in step with the demo's divided alert durations
        config.put("heartbeat.interval", "2000");
        config.put("heartbeat.timeout", "10000");
        config.put("metrics.reporter.prom.factory.class", "io.github.flinko11y.exporter.PrometheusExporterFactory");
        return config.entrySet().stream().map(e -> e.getKey() + ": \"" + e.getValue() + "\"")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private ManagedProcess launch(String component, FlinkJvm jvm, int metricsPort, String... jvmOptions) {
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

    private int registeredTaskManagers() {
        if (!jobManager.isAlive()) {
            throw new IllegalStateException("the JobManager exited\n" + jobManager.tail(60));
        }
        if (!taskManager.isAlive()) {
            throw new IllegalStateException("the TaskManager exited\n" + taskManager.tail(60));
        }
        return HttpProbe.status(restUrl() + "/taskmanagers") == 200
                ? Json.get(restUrl() + "/taskmanagers").path("taskmanagers").size() : 0;
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

    public synchronized String tails(int lines) {
        return Stream.of(jobManager, taskManager).filter(Objects::nonNull).map(p -> p.tail(lines))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public synchronized void close() {
        // TaskManager first, so the JobManager does not spend the shutdown restarting the job
        for (ManagedProcess process : Arrays.asList(taskManager, jobManager)) {
            if (process != null) {
                process.close();
            }
        }
    }
}
