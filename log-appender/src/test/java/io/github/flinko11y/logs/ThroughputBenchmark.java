package io.github.flinko11y.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.github.flinko11y.logs.loki.LokiStandIn;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Events per second from one logging thread to the loopback Loki stand-in, through our appender
 * (the shipped conf/logback-console.xml) and through plain loki4j (the same file with loki4j's own
 * appender and HTTP sender, without our settings), alternating in one JVM. Queues are large enough
 * that nothing is dropped, so every line is delivered. Run by hand (see docs/performance.md); the
 * numbers are written down, never asserted. Arguments: lines per run, runs per variant, and
 * {@code plain-first} to run plain loki4j first in each pair (to see what the order does).
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean plainFirst = args.length > 2 && "plain-first".equals(args[2]);
        String ours = Files.readString(ConfiguredLogback.CONFIG, StandardCharsets.UTF_8);
        String plain = plainLoki4j(ours);
        for (int run = 0; run <= runs; run++) {
            // Run 0 warms up both; the numbers of runs 1..n are the result.
            if (plainFirst) {
                measure(run, "plain loki4j", plain, lines);
            }
            measure(run, "flink-o11y", ours, lines);
            if (!plainFirst) {
                measure(run, "plain loki4j", plain, lines);
            }
        }
    }

    /** The shipped configuration with loki4j's own appender and sender, without our settings. */
    static String plainLoki4j(String ours) {
        String plain = ours
                .replace("io.github.flinko11y.logs.delivery.FlinkLokiAppender", "com.github.loki4j.logback.Loki4jAppender")
                .replace("<sender class=\"io.github.flinko11y.logs.LokiHttpSender\"/>", "")
                .replaceAll("(?m)^\\s*<(drainTimeoutMs|dropReportIntervalMs|maxPendingLines)>.*$", "");
        if (plain.contains("io.github.flinko11y.logs.delivery") || plain.contains("LokiHttpSender")
                || plain.contains("<maxPendingLines>")) {
            throw new IllegalStateException("conf/logback-console.xml changed: update ThroughputBenchmark.plainLoki4j");
        }
        return plain;
    }

    private static void measure(int run, String variant, String config, int lines) throws Exception {
        try (LokiStandIn loki = LokiStandIn.loki3CountingOnly()) {
            Map<String, String> settings = new HashMap<>();
            settings.put("FLINK_O11Y_LOKI_URL", loki.pushUrl());
            settings.put("FLINK_O11Y_COMPONENT", "taskmanager");
            settings.put("FLINK_O11Y_LOKI_BATCH_TIMEOUT_MS", "100");
            settings.put("FLINK_O11Y_LOKI_QUEUE_MAX_BYTES", String.valueOf(512L << 20));
            settings.put("FLINK_O11Y_LOKI_QUEUE_MAX_LINES", String.valueOf(10 * lines));
            LoggerContext context = configure(config, settings);
            try {
                Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
                root.detachAppender("console");
                root.detachAppender("rolling");
                Logger logger = context.getLogger("org.apache.flink.streaming.runtime.tasks.StreamTask");

                long start = System.nanoTime();
                for (int i = 0; i < lines; i++) {
                    logger.info("record {} of subtask {} processed", i, 3);
                }
                long logged = System.nanoTime();
                loki.awaitReceived(lines, Duration.ofMinutes(5));
                long delivered = System.nanoTime();
                if (run > 0) {
                    System.out.printf("run %d %-12s %,d lines: logging call %,.0f lines/s, delivered %,.0f lines/s%n",
                            run, variant, lines, lines / ((logged - start) / 1e9), lines / ((delivered - start) / 1e9));
                }
            } finally {
                context.stop();
            }
        }
    }

    private static LoggerContext configure(String config, Map<String, String> settings) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        settings.forEach(System::setProperty);
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
        return context;
    }
}
