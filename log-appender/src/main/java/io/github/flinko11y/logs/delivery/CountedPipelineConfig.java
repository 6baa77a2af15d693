package io.github.flinko11y.logs.delivery;

import com.github.loki4j.client.http.HttpConfig;
import com.github.loki4j.client.pipeline.PipelineConfig;

/**
 * loki4j's pipeline settings as configured, with three changes: the HTTP client and the internal
 * logger also report each batch's outcome to the counters ({@link BatchOutcomes}), and loki4j's own
 * drain on stop is off ({@link FlinkLokiAppender} drains within a deadline instead, because loki4j's
 * waits without one).
 *
 * <p>loki4j 2.0 has no way to change a built {@code PipelineConfig}, so every other field is copied
 * through its builder; {@code CountedPipelineConfigTest} fails when loki4j adds a field this copy
 * does not carry over.
 */
final class CountedPipelineConfig {

    private CountedPipelineConfig() {}

    static PipelineConfig of(PipelineConfig configured, DeliveryCounters counters) {
        BatchOutcomes outcomes = new BatchOutcomes(counters);
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
                .setWriter(configured.writerFactory)
                .setHttpConfig(alreadyBuilt(configured.httpConfig))
                .setHttpClientFactory(http -> new AttemptRecordingHttpClient(
                        configured.httpClientFactory.apply(http), outcomes))
                .setInternalLoggingFactory(source -> new BatchEndListener(
                        configured.internalLoggingFactory.apply(source), outcomes))
                .build();
    }

    /**
     * loki4j's builder takes the HTTP settings only as a builder: this one hands back the built ones
     * as they are (their content type is the unchanged writer's).
     */
    private static HttpConfig.Builder alreadyBuilt(HttpConfig http) {
        return new HttpConfig.Builder() {
            @Override
            public HttpConfig build(String contentType) {
                return http;
            }
        };
    }
}
