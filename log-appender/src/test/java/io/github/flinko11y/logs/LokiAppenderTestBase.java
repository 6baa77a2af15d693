package io.github.flinko11y.logs;

import io.github.flinko11y.logs.delivery.FlinkLokiAppender;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the appender's delivery tests share: a Loki stand-in, logback configured from environment
 * settings as a Flink process would be, a directory for the log file, waiting for the appender's
 * render thread, and stopping both after
 * each test, logback first so that its drain meets a live stand-in.
 */
abstract class LokiAppenderTestBase {

    @TempDir
    Path logDir;

    LokiStandIn loki;
    ConfiguredLogback logback;

    @AfterEach
    void stopEverything() {
        if (logback != null) {
            logback.close();
        }
        if (loki != null) {
            loki.close();
        }
    }

    /** Waits until the render thread has handed every queued line to loki4j (or counted it). */
    void awaitRendered(Duration timeout) {
        FlinkLokiAppender appender = (FlinkLokiAppender)
                logback.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("loki");
        Await.atMost(timeout).pollEvery(Duration.ofMillis(5))
                .until("every queued line rendered", appender::linesAwaitingRender, waiting -> waiting == 0);
    }

    /** The settings every test starts from: the stand-in's URL, a 100 ms batch timeout, the log file. */
    Map<String, String> baseSettings(LokiStandIn standIn, String logFile) {
        Map<String, String> settings = new HashMap<>();
        settings.put("FLINK_O11Y_LOKI_URL", standIn.pushUrl());
        settings.put("FLINK_O11Y_LOKI_BATCH_TIMEOUT_MS", "100");
        settings.put("log.file", logDir.resolve(logFile).toString());
        return settings;
    }
}
