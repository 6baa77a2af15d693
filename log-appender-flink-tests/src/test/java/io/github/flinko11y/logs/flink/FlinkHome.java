package io.github.flinko11y.logs.flink;

import io.github.flinko11y.testsupport.FreePorts;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flink installation as the tests need it: {@code conf/} with config.yaml and our
 * logback-console.xml, and the classpath Flink's scripts would build from {@code lib/}.
 */
final class FlinkHome {

    static final Path BUNDLE = Path.of(required("lib.bundle.jar")).toAbsolutePath().normalize();
    static final Path FLINK_LIB = Path.of(required("flink.lib.dir"));
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
                    + " (mvn -pl log-appender-flink-tests -am verify)");
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

    static List<Path> flinkJars() throws IOException {
        try (Stream<Path> jars = Files.list(FLINK_LIB)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
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
