package io.github.flinko11y.logs.delivery;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Context;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A WARN line in Flink's own log (file, console and Loki) whenever lines were dropped since the
 * last report, so a drop is visible without the exporter: nothing is logged while nothing is lost.
 */
final class DropReport {

    /** The logger of the status line, so it can be silenced or routed on its own. */
    static final String LOGGER = "io.github.flinko11y.logs.LokiDelivery";

    private final String appenderName;
    private final DeliveryCounters counters;
    private final Logger logger;
    private final long intervalMs;
    private ScheduledExecutorService scheduler;
    private long reportedDrops;

    DropReport(String appenderName, DeliveryCounters counters, Context context, long intervalMs) {
        this.appenderName = appenderName;
        this.counters = counters;
        this.logger = ((LoggerContext) context).getLogger(LOGGER);
        this.intervalMs = intervalMs;
    }

    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "flink-o11y-loki-drop-report");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::reportIfDropped, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void stop() {
        scheduler.shutdownNow();
    }

    void reportIfDropped() {
        long dropped = counters.getLinesDropped();
        if (dropped == reportedDrops) {
            return;
        }
        logger.warn("Loki appender '{}' dropped {} log lines in the last {} s ({} since start: {} queue full,"
                        + " {} rejected by Loki or failed after retries); {} sent, {} batches given up. These lines"
                        + " are still in Flink's log file. Check that Loki is reachable, or raise"
                        + " FLINK_O11Y_LOKI_QUEUE_MAX_BYTES for bursts.",
                appenderName, dropped - reportedDrops, TimeUnit.MILLISECONDS.toSeconds(intervalMs), dropped,
                counters.getLinesDroppedQueueFull(), counters.getLinesDroppedRejected(), counters.getLinesSent(),
                counters.getSendErrors());
        reportedDrops = dropped;
    }
}
