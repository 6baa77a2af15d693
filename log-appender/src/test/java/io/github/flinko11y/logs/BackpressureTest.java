package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.status.Status;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Loki that does not answer never slows down or stops the logging Flink process. */
class BackpressureTest extends LokiAppenderTestBase {

    private static final Pattern DROPPED = Pattern.compile("Backpressure: (\\d+) messages dropped.*");

    private Map<String, String> smallQueue(LokiStandIn standIn) {
        Map<String, String> settings = baseSettings(standIn, "jobmanager.log");
        settings.put("FLINK_O11Y_LOKI_BATCH_MAX_ITEMS", "10");
        settings.put("FLINK_O11Y_LOKI_BATCH_MAX_BYTES", "4000");
        settings.put("FLINK_O11Y_LOKI_QUEUE_MAX_BYTES", "20000");
        settings.put("FLINK_O11Y_LOKI_REQUEST_TIMEOUT_MS", "60000");
        return settings;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStalledLokiMakesTheAppenderDropAndReportNotWait() throws Exception {
        loki = LokiStandIn.loki3();
        loki.scriptStall();
        logback = new ConfiguredLogback(smallQueue(loki));
        Logger logger = logback.logger("org.apache.flink.runtime.jobmaster.JobMaster");
        // The console appender would dominate; the Loki appender alone is under test here.
        logback.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender("console");
        int lines = 20_000;

        for (int i = 0; i < lines; i++) {
            logger.info("line {} while Loki stalls", i);
        }

        // loki4j reports the drops from its own thread, after the appends have returned
        List<Long> reported = Await.atMost(Duration.ofSeconds(30))
                .latest(this::reportedDrops, r -> !r.isEmpty() && r.get(r.size() - 1) >= 1_000L);
        assertThat(reported).isNotEmpty();
        assertThat(reported).isSorted();
        // The queue holds 20 KB of ~40-byte lines at most, so nearly all of 20,000 lines are dropped.
        assertThat(reported.get(reported.size() - 1)).isBetween(1_000L, (long) lines);
        assertThat(java.nio.file.Files.readAllLines(logDir.resolve("jobmanager.log"))).hasSize(lines);
    }

    private List<Long> reportedDrops() {
        return logback.context.getStatusManager().getCopyOfStatusList().stream()
                .map(Status::getMessage)
                .map(DROPPED::matcher)
                .filter(Matcher::matches)
                .map(m -> Long.parseLong(m.group(1)))
                .collect(Collectors.toList());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void stoppingWhileLokiIsDownReturnsPromptly() throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = smallQueue(loki);
        settings.put("FLINK_O11Y_LOKI_MAX_RETRIES", "100");
        logback = new ConfiguredLogback(settings);
        loki.stop();
        for (int i = 0; i < 100; i++) {
            logback.logger("org.apache.flink.runtime.taskexecutor.TaskExecutor").info("undeliverable {}", i);
        }

        Thread stopper = new Thread(logback::close, "logback-stop");
        stopper.start();
        stopper.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(stopper.isAlive()).as("logback still stopping after 30 s with Loki down").isFalse();
    }
}
