package io.github.flinko11y.testsupport.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One Flink process (JobManager or TaskManager) in its own JVM, started the way Flink's
 * {@code flink-console.sh} starts it: the entry point's main class with {@code --configDir}, the
 * log file and the logback configuration as system properties, dynamic properties ({@code -D})
 * after the arguments. Its output goes to {@code <workDir>/<name>.out}, as Flink's {@code .out}
 * file, and its log file is {@code <workDir>/<name>.log}.
 */
public final class FlinkJvm {
    public static final String JOBMANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    public static final String TASKMANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final String name;
    private final String mainClass;
    private List<Path> classpath = List.of();
    private Path configDir;
    private Path workDir;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> dynamicProperties = new LinkedHashMap<>();
    private final Map<String, String> environment = new HashMap<>();

    private FlinkJvm(String name, String mainClass) {
        this.name = name;
        this.mainClass = mainClass;
    }

    /** A JobManager (standalone session cluster entry point) named {@code name} (its .out and .log files). */
    public static FlinkJvm jobManager(String name) {
        return new FlinkJvm(name, JOBMANAGER);
    }

    public static FlinkJvm taskManager(String name) {
        return new FlinkJvm(name, TASKMANAGER);
    }

    /**
     * The classpath Flink's {@code bin/config.sh} builds: the jars of {@code lib/} sorted by name (our
     * log appender bundle), then Flink's own jars (flink-dist on an image; here Maven's, with SLF4J 1.7).
     */
    public static List<Path> scriptOrderClasspath(Path libDir, List<Path> flinkJars) {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> lib = Files.list(libDir)) {
            lib.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException(libDir.toString(), e);
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException(libDir + " has no jars: package the log appender first");
        }
        entries.addAll(flinkJars);
        return entries;
    }

    /** The jars of a classpath file as Maven's {@code dependency:build-classpath} writes it. */
    public static List<Path> classpathFile(Path file) {
        try {
            String text = Files.readString(file).trim();
            return Arrays.stream(text.split(File.pathSeparator)).map(Paths::get).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is missing: build the module with Maven first", e);
        }
    }

    public FlinkJvm classpath(List<Path> jars) {
        this.classpath = List.copyOf(jars);
        return this;
    }

    /** {@code conf/} with config.yaml and logback-console.xml. */
    public FlinkJvm configDir(Path dir) {
        this.configDir = dir;
        return this;
    }

    /** Where the .out and .log files go. */
    public FlinkJvm workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public FlinkJvm jvmOptions(String... options) {
        jvmOptions.addAll(Arrays.asList(options));
        return this;
    }

    /** A {@code -Dkey=value} after the arguments, as Flink's scripts pass computed memory sizes. */
    public FlinkJvm dynamicProperty(String key, String value) {
        dynamicProperties.put(key, value);
        return this;
    }

    public FlinkJvm environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    public Path logFile() {
        return workDir.resolve(name + ".log");
    }

    public ManagedProcess start() {
        if (configDir == null || workDir == null || classpath.isEmpty()) {
            throw new IllegalStateException(name + ": configDir, workDir and classpath are required");
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dlog.file=" + logFile());
        command.add("-Dlogback.configurationFile=" + configDir.resolve("logback-console.xml"));
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.add("--configDir");
        command.add(configDir.toString());
        dynamicProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        return ManagedProcess.start(name, command, environment, workDir);
    }
}
