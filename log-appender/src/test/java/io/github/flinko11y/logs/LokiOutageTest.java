package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import io.github.flinko11y.logs.delivery.DeliveryCounters;
import io.github.flinko11y.logs.delivery.FlinkLokiAppender;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.logs.loki.LokiStandIn.Entry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Loki unreachable for 30 seconds, then back: what fits the buffer arrives, the excess is counted. */
class LokiOutageTest extends LokiAppenderTestBase {

    private static final long OUTAGE_MILLIS = 30_000;
    private static final String LOGGER = "org.apache.flink.runtime.jobmaster.JobMaster";

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aThirtySecondOutageLosesNothingWithinTheBufferAndCountsTheExcess() throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = baseSettings(loki, "jobmanager.log");
        settings.put("FLINK_O11Y_COMPONENT", "jobmanager");
        settings.put("FLINK_O11Y_LOKI_BATCH_MAX_BYTES", "20000");
        // About 800 of these lines as encoded batches: room for the first burst, not for the second.
        settings.put("FLINK_O11Y_LOKI_QUEUE_MAX_BYTES", "200000");
        // Retries must outlast the outage (the defaults do: 10 retries wait about 65 s in all).
        settings.put("FLINK_O11Y_LOKI_MAX_RETRIES", "1000");
        settings.put("FLINK_O11Y_LOKI_MIN_RETRY_BACKOFF_MS", "100");
        settings.put("FLINK_O11Y_LOKI_MAX_RETRY_BACKOFF_MS", "1000");
        logback = new ConfiguredLogback(settings);
        Logger root = logback.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender("console");
        DeliveryCounters counters = ((FlinkLokiAppender) root.getAppender("loki")).counters();
        Logger logger = logback.logger(LOGGER);
        int withinBuffer = 200;
        int excess = 20_000;

        long outageStart = System.nanoTime();
        loki.stop();
        for (int i = 0; i < withinBuffer; i++) {
            logger.info("outage line {}", i);
            Thread.sleep(50);
        }
        for (int i = withinBuffer; i < withinBuffer + excess; i++) {
            logger.info("outage line {}", i);
        }
        long logged = withinBuffer + excess;
        awaitRendered(Duration.ofSeconds(20)); // lines are refused as they are rendered, still within the outage
        long droppedDuringOutage = counters.getLinesDroppedQueueFull();
        Thread.sleep(Math.max(0, OUTAGE_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStart)));
        long outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStart);
        loki.restart();
        DeliveryCountsTest.awaitSettled(Duration.ofSeconds(60));

        List<String> received = loki.entries().stream().map(e -> e.line).collect(Collectors.toList());
        assertThat(outageMillis).isGreaterThanOrEqualTo(OUTAGE_MILLIS);
        // The buffer kept the oldest lines, in order; the first burst fitted entirely.
        assertThat(received.size()).isGreaterThanOrEqualTo(withinBuffer);
        assertThat(received).isEqualTo(IntStream.range(0, received.size()).mapToObj(i -> "outage line " + i)
                .collect(Collectors.toList()));
        // Every line not received is counted as dropped, all of them for a full queue.
        assertThat(counters.getLinesSent()).isEqualTo(received.size());
        assertThat(counters.getLinesDropped()).isEqualTo(logged - received.size());
        assertThat(counters.getLinesDroppedQueueFull()).isEqualTo(logged - received.size())
                .isEqualTo(droppedDuringOutage).isGreaterThan(0);
        assertThat(counters.getSendErrors()).isZero();
        assertThat(loki.requests()).allSatisfy(r -> assertThat(r.status).isEqualTo(204));
    }
}
