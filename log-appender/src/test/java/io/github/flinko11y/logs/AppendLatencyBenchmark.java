package io.github.flinko11y.logs;

import ch.qos.logback.classic.Logger;
import io.github.flinko11y.logs.delivery.FlinkLokiAppender;
import io.github.flinko11y.logs.loki.LokiStandIn;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Latency of one logging call through the shipped Loki appender alone (console and file detached),
 * against the loopback Loki stand-in, up or down. Run by hand (see docs/performance.md); the numbers
 * are written down, never asserted. Arguments: lines per second (0 = as fast as possible), seconds,
 * {@code up} or {@code down}.
 */
public final class AppendLatencyBenchmark {

    private AppendLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        boolean lokiUp = args.length <= 2 || !"down".equals(args[2]);
        try (LokiStandIn loki = LokiStandIn.loki3CountingOnly()) {
            Map<String, String> settings = new HashMap<>();
            settings.put("FLINK_O11Y_LOKI_URL", loki.pushUrl());
            settings.put("FLINK_O11Y_COMPONENT", "taskmanager");
            // Down: connections refused and retried, so the queue fills and lines are dropped at the call.
            settings.put("FLINK_O11Y_LOKI_DRAIN_TIMEOUT_MS", "0");
            if (!lokiUp) {
                loki.stop();
            }
            try (ConfiguredLogback logback = new ConfiguredLogback(settings)) {
                Logger root = logback.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
                root.detachAppender("console");
                root.detachAppender("rolling");
                Logger logger = logback.logger("org.apache.flink.streaming.runtime.tasks.StreamTask");

                run(logger, rate, Math.max(1, seconds / 3), "warm-up");
                long[] samples = run(logger, rate, seconds, "measured");
                Arrays.sort(samples);
                FlinkLokiAppender appender = (FlinkLokiAppender) root.getAppender("loki");
                System.out.printf("loki=%s rate=%s lines/s, %d calls: p50=%.2f us p99=%.2f us p99.9=%.2f us max=%.2f us;"
                                + " sent=%d dropped=%d%n",
                        lokiUp ? "up" : "down", rate == 0 ? "unlimited" : String.valueOf(rate), samples.length,
                        at(samples, 0.50), at(samples, 0.99), at(samples, 0.999), samples[samples.length - 1] / 1000.0,
                        appender.counters().getLinesSent(), appender.counters().getLinesDropped());
            }
        }
    }

    private static long[] run(Logger logger, int rate, int seconds, String phase) {
        long calls = rate == 0 ? 1_000_000L * seconds : (long) rate * seconds;
        long[] samples = new long[(int) calls];
        long start = System.nanoTime();
        long interval = rate == 0 ? 0 : 1_000_000_000L / rate;
        for (int i = 0; i < samples.length; i++) {
            if (interval > 0) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            long t0 = System.nanoTime();
            logger.info("{} record {} of subtask {} processed", phase, i, 3);
            samples[i] = System.nanoTime() - t0;
        }
        return samples;
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
    }
}
