package io.github.flinko11y.exporter.testing;

import io.github.flinko11y.exporter.PrometheusExporter;
import io.github.flinko11y.exporter.PrometheusExporterFactory;
import java.util.Properties;

/** Pull exporters for tests, created through the factory as Flink does, on any free port. */
public final class TestExporters {

    private TestExporters() {}

    /** {@code port: 0}, then the given key/value pairs (which may override it). */
    public static PrometheusExporter start(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("port", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return new PrometheusExporterFactory().createMetricReporter(p);
    }

    /** The given settings after {@code defaults}, so a test's own settings win. */
    public static String[] with(String[] defaults, String... keyValues) {
        String[] all = new String[defaults.length + keyValues.length];
        System.arraycopy(defaults, 0, all, 0, defaults.length);
        System.arraycopy(keyValues, 0, all, defaults.length, keyValues.length);
        return all;
    }
}
