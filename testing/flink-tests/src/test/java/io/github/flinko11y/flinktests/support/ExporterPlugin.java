package io.github.flinko11y.flinktests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The exporter as Flink sees it: a jar under {@code $FLINK_PLUGINS_DIR/flink-o11y-exporter/}, found
 * by Flink's {@link PluginManager} in its own class loader. Maven copies the shaded jar there and
 * sets the variable (see flink-tests/pom.xml); the jar is deliberately not on the test classpath.
 */
public final class ExporterPlugin {

    public static final String FACTORY_CLASS = "io.github.flinko11y.exporter.PrometheusExporterFactory";

    /** The variable Flink's {@code PluginConfig} reads (1.20 and 2.x). */
    private static final String PLUGINS_DIR_VARIABLE = "FLINK_PLUGINS_DIR";

    private ExporterPlugin() {}

    /** The plugins root, checked to hold exactly the exporter jar. */
    public static Path pluginsDir() {
        String dir = System.getenv(PLUGINS_DIR_VARIABLE);
        if (dir == null) {
            throw new AssertionError(PLUGINS_DIR_VARIABLE + " is not set: run these tests through Maven"
                    + " (mvn -pl testing/flink-tests/flink-2.3 -am verify), which copies the exporter plugin jar.");
        }
        Path root = Paths.get(dir);
        List<Path> jars = jarsIn(root.resolve("flink-o11y-exporter"));
        if (jars.size() != 1 || !jars.get(0).getFileName().toString().startsWith("flink-o11y-exporter-")) {
            throw new AssertionError("expected one flink-o11y-exporter-*.jar in " + root
                    + "/flink-o11y-exporter, found " + jars);
        }
        return root;
    }

    /** A fresh plugin manager over {@link #pluginsDir()}, built as Flink's entry points build it. */
    public static PluginManager pluginManager() {
        pluginsDir();
        return PluginUtils.createPluginManagerFromRootFolder(new Configuration());
    }

    /** The exporter's factory, loaded by Flink's plugin class loader. */
    public static MetricReporterFactory factory(PluginManager plugins) {
        Iterator<MetricReporterFactory> factories = plugins.load(MetricReporterFactory.class);
        while (factories.hasNext()) {
            MetricReporterFactory factory = factories.next();
            if (factory.getClass().getName().equals(FACTORY_CLASS)) {
                return factory;
            }
        }
        throw new AssertionError("no " + FACTORY_CLASS + " among the plugins in " + pluginsDir());
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
