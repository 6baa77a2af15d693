package io.github.flinko11y.logs;

import ch.qos.logback.classic.Logger;
import io.github.flinko11y.logs.delivery.FlinkLokiAppender;
import io.github.flinko11y.logs.loki.LokiStandIn;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Latency of one logging call through the shipped Loki appender, against the loopback Loki
 * stand-in, up or down. Run by hand (see docs/performance.md); the numbers are written down, never
 * asserted. Arguments: lines per second (0 = as fast as possible), seconds, {@code up}, {@code down}
 * or {@code none} (no Loki appender: what the call costs without it), and {@code alone} (default:
 * the Loki appender is the only one attached) or {@code shipped} (the console and rolling file
 * appenders of conf/logback-console.xml in front of it, as in a Flink process; the console goes to
 * a null stream and the file to a temporary directory). Two figures per call: the whole
 * {@code logger.info} call, and the part of it spent inside the Loki appender (timed around its
 * {@code doAppend}).
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
            throw new IllegalArgumentException("third argument: up, down or none (no Loki appender), not " + mode);
        }
        String appenders = args.length > 3 ? args[3] : "alone";
        if (!appenders.equals("alone") && !appenders.equals("shipped")) {
            throw new IllegalArgumentException("fourth argument: alone or shipped (console and file too), not " + appenders);
        }
        boolean shipped = appenders.equals("shipped");
        PrintStream results = System.out;
        Path logDirectory = Files.createTempDirectory("append-latency");
        boolean lokiUp = !mode.equals("down");
        boolean withLoki = !mode.equals("none");
        try (LokiStandIn loki = LokiStandIn.loki3CountingOnly()) {
            Map<String, String> settings = new HashMap<>();
            settings.put("FLINK_O11Y_LOKI_URL", loki.pushUrl());
            settings.put("FLINK_O11Y_COMPONENT", "taskmanager");
            // Down: connections refused and retried, so the queue fills and lines are dropped at the call.
            settings.put("FLINK_O11Y_LOKI_DRAIN_TIMEOUT_MS", "0");
            settings.put("log.file", logDirectory.resolve("taskmanager.log").toString());
            if (shipped) {
                // The console appender writes through System.out at each call.
                System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            }
            if (!lokiUp) {
                loki.stop();
            }
            try (ConfiguredLogback logback = new ConfiguredLogback(settings)) {
                Logger root = logback.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
                if (!shipped) {
                    root.detachAppender("console");
                    root.detachAppender("rolling");
                }
                Logger logger = logback.logger("org.apache.flink.streaming.runtime.tasks.StreamTask");
                FlinkLokiAppender appender = (FlinkLokiAppender) root.getAppender("loki");
                // Last, as in the configuration. "none" leaves it out: the floor any Loki appender adds to.
                root.detachAppender(appender);
                TimedAppender timed = new TimedAppender(appender);
                timed.start();
                if (withLoki) {
                    root.addAppender(timed);
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
                run(logger, timed, rate, Math.max(1, seconds / 3), "warm-up");
                long[][] samples = run(logger, timed, rate, seconds, "measured");
                results.printf("loki=%s appenders=%s rate=%s lines/s, %d calls; sent=%d dropped=%d%n",
                        withLoki ? mode : "none (no Loki appender)", shipped ? "console+file+loki" : "loki", rate == 0 ? "unlimited" : String.valueOf(rate),
                        samples[0].length, appender.counters().getLinesSent(), appender.counters().getLinesDropped());
                print(results, "  logging call      ", samples[0]);
                if (withLoki) {
                    print(results, "  in Loki appender  ", samples[1]);
                }
            }
        } finally {
            System.setOut(results);
            try (var files = Files.list(logDirectory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
            Files.delete(logDirectory);
        }
    }

    /** Waits (up to 30 s) until fewer than {@code lines} are pending (Loki up: they leave as they are sent). */
    private static void awaitQueueBelow(FlinkLokiAppender appender, long lines) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (appender.counters().getLinesPending() >= lines && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void print(PrintStream out, String what, long[] samples) {
        Arrays.sort(samples);
        out.printf("%s: p50=%.2f us p99=%.2f us p99.9=%.2f us max=%.2f us%n", what,
                at(samples, 0.50), at(samples, 0.99), at(samples, 0.999), samples[samples.length - 1] / 1000.0);
    }

    /** Per call: the whole logging call, and the part of it inside the appender. */
    private static long[][] run(Logger logger, TimedAppender timed, int rate, int seconds, String phase) {
        long calls = rate == 0 ? 1_000_000L * seconds : (long) rate * seconds;
        long[] samples = new long[(int) calls];
        long[] inAppender = new long[(int) calls];
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
            inAppender[i] = timed.lastNanos();
        }
        return new long[][] {samples, inAppender};
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
    }
}
