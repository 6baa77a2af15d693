package io.github.flinko11y.exporter.push;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Entry point Flink finds through {@code META-INF/services}. Configure with {@code
 * metrics.reporter.<name>.factory.class:
 * io.github.flinko11y.exporter.push.PrometheusPushGatewayExporterFactory} and {@code
 * metrics.reporter.<name>.hostUrl}; Flink pushes every {@code metrics.reporter.<name>.interval}.
 */
public class PrometheusPushGatewayExporterFactory implements MetricReporterFactory {

    @Override
    public PushGatewayExporter createMetricReporter(Properties properties) {
        return new PushGatewayExporter(PushGatewayConfig.load(properties));
    }
}
