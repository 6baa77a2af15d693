package io.github.flinko11y.logs.flink;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Flink process (JobManager or TaskManager) in its own small JVM, started the way Flink's
 * {@code flink-console.sh} starts it: the entry point's main class, {@code --configDir}, the log
 * file and the logback configuration as system properties. Output goes to a file, as Flink's
 * {@code .out} file. {@link #close()} sends SIGTERM (as Kubernetes does) and then kills.
 */
final class FlinkProcess implements AutoCloseable {

    static final String JOBMANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASKMANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final Process process;
    final Path out;
    final Path logFile;

    private FlinkProcess(Process process, Path out, Path logFile) {
        this.process = process;
        this.out = out;
        this.logFile = logFile;
    }

    static FlinkProcess start(String mainClass, List<Path> classpath, Path confDir, Path logDir, String logName,
            Map<String, String> env, String... dynamicProperties) throws IOException {
        Path logFile = logDir.resolve(logName + ".log");
        Path out = logDir.resolve(logName + ".out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:MaxMetaspaceSize=256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog.file=" + logFile,
                "-Dlogback.configurationFile=file:" + confDir.resolve("logback-console.xml"),
                "-cp", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toArray(String[]::new)),
                mainClass,
                "--configDir", confDir.toString()));
        for (String property : dynamicProperties) {
            command.add("-D");
            command.add(property);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(out.toFile());
        return new FlinkProcess(builder.start(), out, logFile);
    }

    String output() throws IOException {
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then waits up to {@code grace} for the JVM's shutdown hooks, as a pod's termination grace. */
    boolean terminate(Duration grace) throws InterruptedException {
        process.destroy();
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && !terminate(Duration.ofSeconds(30))) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
