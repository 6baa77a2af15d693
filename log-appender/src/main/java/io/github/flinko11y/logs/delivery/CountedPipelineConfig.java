package io.github.flinko11y.logs.delivery;

import com.github.loki4j.client.http.HttpConfig;
import com.github.loki4j.client.pipeline.PipelineConfig;

/**
 * loki4j's pipeline settings as configured, with the encoder and HTTP client wrapped for counting
 * and loki4j's own drain on stop off: {@link FlinkLokiAppender} drains within a deadline instead,
 * because loki4j's waits without one.
 */
final class CountedPipelineConfig {

    private CountedPipelineConfig() {}

    static PipelineConfig of(PipelineConfig configured, DeliveryCounters counters) {
        BatchLineCounts lineCounts = new BatchLineCounts();
        PipelineConfig.WriterFactory writer = configured.writerFactory;
        HttpConfig http = configured.httpConfig;
        return PipelineConfig.builder()
                .setName(configured.name)
                .setBatchMaxItems(configured.batchMaxItems)
                .setBatchMaxBytes(configured.batchMaxBytes)
                .setBatchTimeoutMs(configured.batchTimeoutMs)
                .setStaticLabels(configured.staticLabels)
                .setSendQueueMaxBytes(configured.sendQueueMaxBytes)
                .setMaxRetries(configured.maxRetries)
                .setMinRetryBackoffMs(configured.minRetryBackoffMs)
                .setMaxRetryBackoffMs(configured.maxRetryBackoffMs)
                .setMaxRetryJitterMs(configured.maxRetryJitterMs)
                .setDropRateLimitedBatches(configured.dropRateLimitedBatches)
                .setInternalQueuesCheckTimeoutMs(configured.internalQueuesCheckTimeoutMs)
                .setUseDirectBuffers(configured.useDirectBuffers)
                .setDrainOnStop(false)
                .setMetricsEnabled(configured.metricsEnabled)
                .setWriter(new PipelineConfig.WriterFactory(
                        (maxBytes, buffers) -> new CountingWriter(writer.factory.apply(maxBytes, buffers), lineCounts),
                        writer.contentType))
                .setHttpConfig(HttpConfig.builder()
                        .setPushUrl(http.pushUrl)
                        .setConnectionTimeoutMs(http.connectionTimeoutMs)
                        .setRequestTimeoutMs(http.requestTimeoutMs)
                        .setTenantId(http.tenantId)
                        .setUsername(http.username)
                        .setPassword(http.password)
                        .setClientConfig(http.clientSpecific))
                .setHttpClientFactory(config -> new CountingHttpClient(configured.httpClientFactory.apply(config),
                        lineCounts, counters, configured.maxRetries, configured.dropRateLimitedBatches))
                .setInternalLoggingFactory(configured.internalLoggingFactory)
                .build();
    }
}
