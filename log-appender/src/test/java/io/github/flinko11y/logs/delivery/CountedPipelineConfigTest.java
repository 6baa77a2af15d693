package io.github.flinko11y.logs.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.loki4j.client.http.HttpConfig;
import com.github.loki4j.client.http.Loki4jHttpClient;
import com.github.loki4j.client.http.LokiResponse;
import com.github.loki4j.client.pipeline.PipelineConfig;
import com.github.loki4j.client.util.Loki4jLogger;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The counted pipeline settings keep every setting loki4j was configured with, and fail loudly when loki4j adds one. */
class CountedPipelineConfigTest {

    /** Replaced on purpose by {@link CountedPipelineConfig#of}. */
    private static final Set<String> REPLACED = Set.of("drainOnStop", "httpClientFactory", "internalLoggingFactory");

    /** Copied unchanged by {@link CountedPipelineConfig#of}. */
    private static final Set<String> COPIED = Set.of("name", "batchMaxItems", "batchMaxBytes", "batchTimeoutMs",
            "staticLabels", "sendQueueMaxBytes", "maxRetries", "minRetryBackoffMs", "maxRetryBackoffMs",
            "maxRetryJitterMs", "dropRateLimitedBatches", "internalQueuesCheckTimeoutMs", "useDirectBuffers",
            "metricsEnabled", "writerFactory", "httpConfig");

    private final List<String> configuredLog = new ArrayList<>();
    private final List<HttpConfig> clientsCreatedFor = new ArrayList<>();

    @Test
    void everyFieldOfLoki4jsPipelineConfigIsCopiedOrReplaced() {
        Set<String> fields = instanceFields().stream().map(Field::getName).collect(Collectors.toSet());

        assertThat(fields)
                .as("fields of loki4j's PipelineConfig: carry a new one over in CountedPipelineConfig.of and list it here")
                .containsExactlyInAnyOrderElementsOf(union(COPIED, REPLACED));
    }

    @Test
    void everyConfiguredValueIsKeptExceptTheDrainOnStop() throws Exception {
        PipelineConfig defaults = PipelineConfig.builder().build();
        PipelineConfig configured = everySettingChanged();

        PipelineConfig counted = CountedPipelineConfig.of(configured, new DeliveryCounters());

        for (Field field : instanceFields()) {
            if (COPIED.contains(field.getName())) {
                // A default value would be kept by a copy that forgot the field as well.
                assertThat(field.get(configured)).as(field.getName()).isNotEqualTo(field.get(defaults));
                assertThat(field.get(counted)).as(field.getName()).isEqualTo(field.get(configured));
            }
        }
        assertThat(configured.drainOnStop).isTrue();
        assertThat(counted.drainOnStop).isFalse();
    }

    @Test
    void theHttpClientAndTheInternalLoggerAreTheConfiguredOnesWrapped() throws Exception {
        PipelineConfig configured = everySettingChanged();
        PipelineConfig counted = CountedPipelineConfig.of(configured, new DeliveryCounters());

        Loki4jHttpClient client = counted.httpClientFactory.apply(counted.httpConfig);
        LokiResponse response = client.send(ByteBuffer.allocate(1));
        counted.internalLoggingFactory.apply(this).warn("loki4j says %s", "hello");

        assertThat(client).isInstanceOf(AttemptRecordingHttpClient.class);
        assertThat(clientsCreatedFor).containsExactly(configured.httpConfig);
        assertThat(response.status).isEqualTo(204);
        assertThat(configuredLog).containsExactly("WARN loki4j says hello");
    }

    private PipelineConfig everySettingChanged() {
        return PipelineConfig.builder()
                .setName("flink-loki")
                .setBatchMaxItems(7)
                .setBatchMaxBytes(7_000)
                .setBatchTimeoutMs(70)
                .setStaticLabels(true)
                .setSendQueueMaxBytes(70_000)
                .setMaxRetries(9)
                .setMinRetryBackoffMs(11)
                .setMaxRetryBackoffMs(111)
                .setMaxRetryJitterMs(13)
                .setDropRateLimitedBatches(true)
                .setInternalQueuesCheckTimeoutMs(17)
                .setUseDirectBuffers(false)
                .setDrainOnStop(true)
                .setMetricsEnabled(true)
                .setWriter(PipelineConfig.protobuf)
                .setHttpConfig(PipelineConfig.java(1_234).setPushUrl("http://loki.test/loki/api/v1/push"))
                .setHttpClientFactory(http -> {
                    clientsCreatedFor.add(http);
                    return new AnsweringClient(http);
                })
                .setInternalLoggingFactory(source -> new RecordingLogger(configuredLog))
                .build();
    }

    private static List<Field> instanceFields() {
        return Arrays.stream(PipelineConfig.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .collect(Collectors.toList());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }

    /** Answers every push with 204. */
    private static final class AnsweringClient implements Loki4jHttpClient {
        private final HttpConfig config;

        AnsweringClient(HttpConfig config) {
            this.config = config;
        }

        @Override
        public HttpConfig getConfig() {
            return config;
        }

        @Override
        public LokiResponse send(ByteBuffer batch) {
            return new LokiResponse(204, "");
        }

        @Override
        public void close() {}
    }
}
