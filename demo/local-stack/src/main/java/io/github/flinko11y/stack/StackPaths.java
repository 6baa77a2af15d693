package io.github.flinko11y.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the built kit lies, found from this class's own location ({@code demo/local-stack/target/classes}),
 * so the stack starts the same from the demo script (run from the repository root) and from the
 * tests (run from the module directory).
 */
public final class StackPaths {

    private StackPaths() {}

    public static Path moduleDir() {
        try {
            Path classes = Paths.get(StackPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The nearest directory above the module that holds catalog/ (the module lives in demo/). */
    public static Path repositoryRoot() {
        for (Path dir = moduleDir().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("catalog"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no catalog/ above " + moduleDir());
    }

    /** {@code lib/} (our log appender bundle) and {@code plugins/} (our reporter), as on a Flink image. */
    public static Path flinkHome() {
        return moduleDir().resolve("target").resolve("flink-home");
    }

    /** Flink's own jars and the demo job, resolved by Maven at build time. */
    public static Path flinkClasspathFile() {
        return moduleDir().resolve("target").resolve("flink-classpath.txt");
    }

    /** The Kafka broker's jars, resolved by Maven at build time (module demo/kafka-broker). */
    public static Path kafkaClasspathFile() {
        return repositoryRoot().resolve("demo").resolve("kafka-broker").resolve("target").resolve("kafka-classpath.txt");
    }

    public static Path logbackConfig() {
        return repositoryRoot().resolve("log-appender").resolve("conf").resolve("logback-console.xml");
    }
}
