package io.github.flinko11y.exporter;

import io.github.flinko11y.exporter.config.ExporterConfig;
import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Entry point Flink finds through {@code META-INF/services}. Configure with {@code
 * metrics.reporter.<name>.factory.class: io.github.flinko11y.exporter.PrometheusExporterFactory}.
 */
public class PrometheusExporterFactory implements MetricReporterFactory {

    @Override
    public PrometheusExporter createMetricReporter(Properties properties) {
        return new PrometheusExporter(ExporterConfig.load(properties));
    }
}
