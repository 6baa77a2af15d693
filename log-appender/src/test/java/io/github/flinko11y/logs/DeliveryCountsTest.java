package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import io.github.flinko11y.logs.delivery.DeliveryCounters;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.logs.loki.LokiStandIn.Entry;
import io.github.flinko11y.testsupport.Await;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every line handed to the Loki appender ends up counted as sent or dropped, read back over JMX as
 * the exporter reads it; stopping drains within its deadline and counts what is left.
 */
class DeliveryCountsTest extends LokiAppenderTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LOGGER = "org.apache.flink.runtime.taskexecutor.TaskExecutor";
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private Map<String, String> settings(LokiStandIn standIn) {
        Map<String, String> settings = baseSettings(standIn, "taskmanager.log");
        settings.put("FLINK_O11Y_COMPONENT", "taskmanager");
        settings.put("FLINK_O11Y_LOKI_MIN_RETRY_BACKOFF_MS", "50");
        settings.put("FLINK_O11Y_LOKI_MAX_RETRY_BACKOFF_MS", "500");
        return settings;
    }

    private Logger withoutConsole() {
        logback.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender("console");
        return logback.logger(LOGGER);
    }

    static long jmx(String attribute) throws Exception {
        return (Long) JMX.getAttribute(new ObjectName(DeliveryCounters.OBJECT_NAME_PREFIX + "\"loki\""), attribute);
    }

    /** Waits until no accepted line is pending any more (sent or given up). */
    static void awaitSettled(Duration timeout) {
        Await.atMost(timeout).until("no accepted line pending", () -> jmx("LinesPending"), pending -> pending == 0);
    }

    @Test
    void sentLinesAreCountedAndNothingIsDropped() throws Exception {
        loki = LokiStandIn.loki3();
        logback = new ConfiguredLogback(settings(loki));
        Logger logger = withoutConsole();

        for (int i = 0; i < 1234; i++) {
            logger.info("line {}", i);
        }
        loki.awaitEntries(1234, WAIT);
        awaitSettled(WAIT);

        assertThat(jmx("LinesSent")).isEqualTo(1234);
        assertThat(jmx("LinesDropped")).isZero();
        assertThat(jmx("SendErrors")).isZero();
    }

    @Test
    void aRejectedBatchCountsItsLinesAsDroppedAndOneSendError() throws Exception {
        loki = LokiStandIn.loki3();
        loki.script(400);
        logback = new ConfiguredLogback(settings(loki));
        Logger logger = withoutConsole();

        for (int i = 0; i < 3; i++) {
            logger.info("rejected {}", i);
        }
        loki.awaitRequests(1, WAIT);
        logger.info("accepted");
        loki.awaitEntries(1, WAIT);
        awaitSettled(WAIT);

        assertThat(loki.requests()).extracting(r -> r.status).containsExactly(400, 204);
        assertThat(jmx("LinesSent")).isEqualTo(1);
        assertThat(jmx("LinesDroppedRejected")).isEqualTo(3);
        assertThat(jmx("LinesDropped")).isEqualTo(3);
        assertThat(jmx("SendErrors")).isEqualTo(1);
    }

    @Test
    void aLineLargerThanABatchIsCountedAsDroppedAndNeverPending() throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_BATCH_MAX_BYTES", "2000");
        settings.put("FLINK_O11Y_LOKI_MAX_LINE_CHARS", "100000");
        logback = new ConfiguredLogback(settings);
        Logger logger = withoutConsole();

        logger.info("x".repeat(5000));
        logger.info("fits");
        loki.awaitEntries(1, WAIT);
        awaitSettled(WAIT);

        assertThat(loki.entries()).extracting(e -> e.line).containsExactly("fits");
        assertThat(jmx("LinesSent")).isEqualTo(1);
        assertThat(jmx("LinesDroppedRejected")).isEqualTo(1);
        assertThat(jmx("SendErrors")).isZero();
        assertThat(jmx("LinesPending")).isZero();
    }

    @Test
    void aBatchFailingEveryRetryIsDroppedAfterTheLastOne() throws Exception {
        loki = LokiStandIn.loki3();
        loki.script(503, 503, 503);
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_MAX_RETRIES", "2");
        logback = new ConfiguredLogback(settings);
        Logger logger = withoutConsole();

        logger.info("given up");
        loki.awaitRequests(3, WAIT);
        awaitSettled(WAIT);
        logger.info("next one");
        loki.awaitEntries(1, WAIT);
        awaitSettled(WAIT);

        assertThat(loki.requests()).extracting(r -> r.status).containsExactly(503, 503, 503, 204);
        assertThat(loki.entries()).extracting(e -> e.line).containsExactly("next one");
        assertThat(jmx("LinesDroppedRejected")).isEqualTo(1);
        assertThat(jmx("SendErrors")).isEqualTo(1);
        assertThat(jmx("LinesSent")).isEqualTo(1);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFullQueueCountsEveryRefusedLine() throws Exception {
        loki = LokiStandIn.loki3();
        loki.scriptStall();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_BATCH_MAX_ITEMS", "10");
        settings.put("FLINK_O11Y_LOKI_BATCH_MAX_BYTES", "4000");
        settings.put("FLINK_O11Y_LOKI_QUEUE_MAX_BYTES", "20000");
        settings.put("FLINK_O11Y_LOKI_REQUEST_TIMEOUT_MS", "60000");
        logback = new ConfiguredLogback(settings);
        Logger logger = withoutConsole();
        int lines = 20_000;

        for (int i = 0; i < lines; i++) {
            logger.info("line {} while Loki stalls", i);
        }
        awaitRendered(WAIT);
        long queueFull = jmx("LinesDroppedQueueFull");
        long pending = jmx("LinesPending");
        loki.releaseStalls();
        awaitSettled(WAIT);

        // Every line is either refused at the call or was accepted; the accepted ones all arrive.
        assertThat(queueFull).isBetween(1_000L, (long) lines);
        assertThat(queueFull + pending).isEqualTo(lines);
        assertThat(jmx("LinesDroppedQueueFull")).isEqualTo(queueFull);
        assertThat(jmx("LinesSent") + jmx("LinesDropped")).isEqualTo(lines);
        // The stalled request is closed unanswered on release: loki4j gives that one batch up.
        assertThat(jmx("SendErrors")).isEqualTo(1);
        assertThat(jmx("LinesDroppedRejected")).isBetween(1L, 10L);
        assertThat(jmx("LinesSent") + jmx("LinesDroppedRejected")).isEqualTo(pending);
        assertThat(loki.entries()).hasSize((int) jmx("LinesSent"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pendingLinesAreCappedEvenWhenTheirBytesFitTheQueue() throws Exception {
        loki = LokiStandIn.loki3();
        loki.scriptStall();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_QUEUE_MAX_LINES", "100");
        settings.put("FLINK_O11Y_LOKI_REQUEST_TIMEOUT_MS", "60000");
        logback = new ConfiguredLogback(settings);
        Logger logger = withoutConsole();

        for (int i = 0; i < 1000; i++) {
            logger.info("line {}", i);
        }

        // 16 MB of send queue would hold all 1000; the line cap holds 100.
        assertThat(jmx("LinesPending")).isEqualTo(100);
        assertThat(jmx("LinesDroppedQueueFull")).isEqualTo(900);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stoppingWithLokiDownReturnsWithinTheDeadlineAndCountsTheUnsentLines() throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_MAX_RETRIES", "1000");
        settings.put("FLINK_O11Y_LOKI_DRAIN_TIMEOUT_MS", "2000");
        logback = new ConfiguredLogback(settings);
        Logger logger = withoutConsole();
        logger.info("before");
        loki.awaitEntries(1, WAIT);
        awaitSettled(WAIT);
        DeliveryCounters counters = (DeliveryCounters) ((io.github.flinko11y.logs.delivery.FlinkLokiAppender)
                logback.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("loki")).counters();
        loki.stop();
        for (int i = 0; i < 250; i++) {
            logger.info("undeliverable {}", i);
        }

        long start = System.nanoTime();
        logback.close();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(stopMillis).as("stop took %d ms", stopMillis).isBetween(2000L, 2000L + 5000L);
        assertThat(counters.getLinesSent()).isEqualTo(1);
        assertThat(counters.getLinesDroppedAtShutdown()).isEqualTo(250);
        assertThat(counters.getLinesDropped()).isEqualTo(250);
        assertThat(counters.getLinesPending()).isZero();
        assertThat(JMX.queryNames(new ObjectName(DeliveryCounters.OBJECT_NAME_PREFIX + "*"), null)).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stoppingWithLokiUpDeliversWhatIsQueued() throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = settings(loki);
        // Long enough that only the drain on stop can send the last partial batch in time.
        settings.put("FLINK_O11Y_LOKI_BATCH_TIMEOUT_MS", "1500");
        logback = new ConfiguredLogback(settings);
        Logger logger = withoutConsole();
        DeliveryCounters counters = (DeliveryCounters) ((io.github.flinko11y.logs.delivery.FlinkLokiAppender)
                logback.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("loki")).counters();

        for (int i = 0; i < 10; i++) {
            logger.info("last words {}", i);
        }
        logback.close();

        assertThat(loki.entries()).extracting(e -> e.line)
                .isEqualTo(IntStream.range(0, 10).mapToObj(i -> "last words " + i).collect(Collectors.toList()));
        assertThat(counters.getLinesSent()).isEqualTo(10);
        assertThat(counters.getLinesDropped()).isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void dropsAreReportedInFlinksLogFileOnlyWhenSomethingWasDropped() throws Exception {
        loki = LokiStandIn.loki3();
        loki.script(400);
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_DROP_REPORT_INTERVAL_MS", "300");
        logback = new ConfiguredLogback(settings);
        Logger logger = withoutConsole();

        logger.info("rejected");
        loki.awaitRequests(1, WAIT);
        awaitSettled(WAIT);
        Path logFile = logDir.resolve("taskmanager.log");
        Await.atMost(WAIT).until("the drop report in Flink's log file", () -> Files.readAllLines(logFile),
                lines -> lines.stream().anyMatch(l -> l.contains("LokiDelivery")));
        // What is asserted is an absence over time (no second report while nothing more is dropped):
        // four report intervals have to pass, there is no event to wait for.
        Thread.sleep(1200);
        logback.close();

        List<String> reports = Files.readAllLines(logFile).stream()
                .filter(l -> l.contains(" io.github.flinko11y.logs.LokiDelivery "))
                .collect(Collectors.toList());
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).contains(" WARN  ").endsWith(" - Loki appender 'loki' dropped 1 log lines in the"
                + " last 0 s (1 since start: 0 queue full, 1 rejected by Loki or failed after retries); 0 sent,"
                + " 1 batches given up. These lines are still in Flink's log file. Check that Loki is reachable,"
                + " or raise FLINK_O11Y_LOKI_QUEUE_MAX_BYTES for bursts.");
    }
}
