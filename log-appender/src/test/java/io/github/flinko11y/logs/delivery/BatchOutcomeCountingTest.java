package io.github.flinko11y.logs.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.loki4j.client.batch.LogRecord;
import com.github.loki4j.client.http.HttpConfig;
import com.github.loki4j.client.http.Loki4jHttpClient;
import com.github.loki4j.client.http.LokiResponse;
import com.github.loki4j.client.pipeline.AsyncBufferPipeline;
import com.github.loki4j.client.pipeline.PipelineConfig;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * loki4j 2.0's own pipeline, pushing to a scripted HTTP client: each batch is counted once, by the
 * outcome loki4j reached with it after retrying as it decides. These tests fail if a loki4j version
 * stops reporting the end of a batch the way {@link BatchEndListener} expects.
 */
class BatchOutcomeCountingTest {

    private static final int LINES_PER_BATCH = 3;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final DeliveryCounters counters = new DeliveryCounters();
    private final List<String> loki4jStatus = new ArrayList<>();
    private ScriptedLoki loki;
    private AsyncBufferPipeline pipeline;

    @AfterEach
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    @Test
    void aBatchDeliveredAfterRetriesIsCountedAsSentOnce() {
        start(5, 503, 503, 204);

        logBatch("retried");
        awaitSettled();

        assertThat(loki.attempts()).isEqualTo(3);
        assertThat(counters.getLinesSent()).isEqualTo(3);
        assertThat(counters.getLinesDropped()).isZero();
        assertThat(counters.getSendErrors()).isZero();
    }

    @Test
    void aBatchGivenUpAfterA400IsCountedAsDroppedAndTheNextOneAsSent() {
        start(5, 400);

        logBatch("rejected");
        awaitSettled();
        logBatch("accepted");
        awaitSettled();

        assertThat(loki.attempts()).isEqualTo(2);
        assertThat(counters.getLinesDroppedRejected()).isEqualTo(3);
        assertThat(counters.getSendErrors()).isEqualTo(1);
        assertThat(counters.getLinesSent()).isEqualTo(3);
    }

    @Test
    void aBatchFailingEveryRetryIsCountedAsDroppedWhenLoki4jStopsRetrying() {
        start(2, 503, 503, 503);

        logBatch("given up");
        awaitSettled();

        assertThat(loki.attempts()).isEqualTo(3);
        assertThat(counters.getLinesDroppedRejected()).isEqualTo(3);
        assertThat(counters.getSendErrors()).isEqualTo(1);
        assertThat(counters.getLinesSent()).isZero();
    }

    @Test
    void aBatchLoki4jRetriesAfterAConnectErrorAndA400IsCountedByItsLastAnswer() {
        // loki4j 2.0.1 still holds the first attempt's connect error when it judges the 400, so it
        // retries. The appender's former copy of loki4j's retry policy counted these lines as
        // dropped at the 400, although the retry delivered them.
        start(5, new ConnectException("Connection refused"), 400, 204);

        logBatch("connect error then 400");
        awaitSettled();

        assertThat(loki.attempts()).isEqualTo(3);
        assertThat(counters.getLinesSent()).isEqualTo(3);
        assertThat(counters.getLinesDropped()).isZero();
        assertThat(counters.getSendErrors()).isZero();
    }

    @Test
    void loki4jsStatusMessagesStillReachItsLogger() {
        start(0, 400);

        logBatch("rejected");
        awaitSettled();

        List<String> errors;
        synchronized (loki4jStatus) {
            errors = loki4jStatus.stream().filter(m -> m.startsWith("ERROR")).collect(Collectors.toList());
        }
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("ERROR Loki responded with non-success status 400 on batch");
    }

    /** Starts loki4j's pipeline with the counting wrappers, answering each push with the next scripted answer, then 204. */
    private void start(int maxRetries, Object... answers) {
        loki = new ScriptedLoki(answers);
        PipelineConfig configured = PipelineConfig.builder()
                .setBatchMaxItems(LINES_PER_BATCH)
                .setBatchTimeoutMs(100)
                .setMaxRetries(maxRetries)
                .setMinRetryBackoffMs(1)
                .setMaxRetryBackoffMs(2)
                .setMaxRetryJitterMs(0)
                .setInternalQueuesCheckTimeoutMs(1)
                .setHttpConfig(PipelineConfig.java(1_000).setPushUrl("http://loki.test/loki/api/v1/push"))
                .setHttpClientFactory(http -> loki.with(http))
                .setInternalLoggingFactory(source -> new RecordingLogger(loki4jStatus))
                .build();
        pipeline = new AsyncBufferPipeline(CountedPipelineConfig.of(configured, counters));
        pipeline.start();
    }

    /** Hands loki4j one full batch, counted as taken the way the appender counts lines. */
    private void logBatch(String message) {
        for (int i = 0; i < LINES_PER_BATCH; i++) {
            String line = message + " " + i;
            counters.taken();
            assertThat(pipeline.append(() -> LogRecord.create(
                    System.currentTimeMillis(), 0, Map.of("app", "test"), line, Map.of()))).isTrue();
        }
    }

    private void awaitSettled() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counters.getLinesPending() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("lines still pending after " + WAIT + ": " + counters.getLinesPending()
                        + " (" + loki.attempts() + " send attempts)");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** A Loki push endpoint that answers with scripted statuses or throws scripted errors, then 204. */
    private static final class ScriptedLoki implements Loki4jHttpClient {
        private final Deque<Object> answers;
        private final AtomicInteger attempts = new AtomicInteger();
        private volatile HttpConfig config;

        ScriptedLoki(Object... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        ScriptedLoki with(HttpConfig config) {
            this.config = config;
            return this;
        }

        int attempts() {
            return attempts.get();
        }

        @Override
        public HttpConfig getConfig() {
            return config;
        }

        @Override
        public synchronized LokiResponse send(ByteBuffer batch) throws Exception {
            attempts.incrementAndGet();
            Object answer = answers.isEmpty() ? 204 : answers.poll();
            if (answer instanceof Exception) {
                throw (Exception) answer;
            }
            return new LokiResponse((Integer) answer, "scripted");
        }

        @Override
        public void close() {}
    }
}
