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
 * {@code up}, {@code down} or {@code none} (no appender attached: what the call costs logback alone).
 */
public final class AppendLatencyBenchmark {

    /** Calls before anything is measured, in bursts the pipeline can take without dropping, so that the JIT has compiled the logging path. */
    private static final int JIT_WARM_UP_CALLS = 100_000;

    private AppendLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String mode = args.length > 2 ? args[2] : "up";
        if (!mode.equals("up") && !mode.equals("down") && !mode.equals("none")) {
            throw new IllegalArgumentException("third argument: up, down or none (no appender at all), not " + mode);
        }
        boolean lokiUp = !mode.equals("down");
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
                FlinkLokiAppender appender = (FlinkLokiAppender) root.getAppender("loki");
                if (mode.equals("none")) {
                    // The floor: what the same call costs logback with no appender attached.
                    root.detachAppender(appender);
                }

                // The JIT first (a TaskManager has logged far more than this before it matters), then
                // the measured rate, so caches and threads settle into its rhythm.
                for (int i = 0; i < JIT_WARM_UP_CALLS; i++) {
                    logger.info("{} record {} of subtask {} processed", "jit", i, 3);
                    if (lokiUp && i % 1000 == 999) {
                        awaitQueueBelow(appender, 10_000);
                    }
                }
                if (lokiUp) {
                    awaitQueueBelow(appender, 1);
                }
                run(logger, rate, Math.max(1, seconds / 3), "warm-up");
                long[] samples = run(logger, rate, seconds, "measured");
                Arrays.sort(samples);
                System.out.printf("loki=%s rate=%s lines/s, %d calls: p50=%.2f us p99=%.2f us p99.9=%.2f us max=%.2f us;"
                                + " sent=%d dropped=%d%n",
                        mode.equals("none") ? "none (no appender)" : mode, rate == 0 ? "unlimited" : String.valueOf(rate), samples.length,
                        at(samples, 0.50), at(samples, 0.99), at(samples, 0.999), samples[samples.length - 1] / 1000.0,
                        appender.counters().getLinesSent(), appender.counters().getLinesDropped());
            }
        }
    }

    /** Waits (up to 30 s) until fewer than {@code lines} are pending (Loki up: they leave as they are sent). */
    private static void awaitQueueBelow(FlinkLokiAppender appender, long lines) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (appender.counters().getLinesPending() >= lines && System.nanoTime() < deadline) {
            Thread.sleep(1);
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
