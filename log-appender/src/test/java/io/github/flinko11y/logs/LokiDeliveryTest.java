package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Logger;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.logs.loki.LokiStandIn.Entry;
import io.github.flinko11y.testsupport.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shipped logback-console.xml against a Loki push-protocol stand-in on loopback. */
class LokiDeliveryTest extends LokiAppenderTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LOGGER = "org.apache.flink.runtime.taskexecutor.TaskExecutor";

    private Map<String, String> settings(LokiStandIn standIn) {
        Map<String, String> settings = baseSettings(standIn, "taskmanager.log");
        settings.put("FLINK_O11Y_NAMESPACE", "streaming");
        settings.put("FLINK_O11Y_CLUSTER_ID", "orders");
        settings.put("FLINK_O11Y_COMPONENT", "taskmanager");
        settings.put("POD_NAME", "orders-taskmanager-1-1");
        settings.put("NODE_NAME", "node-a");
        settings.put("FLINK_O11Y_LOKI_MIN_RETRY_BACKOFF_MS", "50");
        settings.put("FLINK_O11Y_LOKI_MAX_RETRY_BACKOFF_MS", "500");
        return settings;
    }

    private static final Map<String, String> LABELS = Map.of(
            "namespace", "streaming", "flink_cluster", "orders", "component", "taskmanager", "app", "orders");

    @Test
    void everyLineArrivesOnceInOrderWithLabelsAndStructuredMetadata() throws Exception {
        loki = LokiStandIn.loki3();
        logback = new ConfiguredLogback(settings(loki));
        Logger logger = logback.logger(LOGGER);
        int lines = 500;

        logback.context.getMDCAdapter().put("flink-job-id", "a1b2c3d4e5f60718293a4b5c6d7e8f90");
        for (int i = 0; i < lines; i++) {
            logger.info("line {}", i);
        }
        logback.context.getMDCAdapter().remove("flink-job-id");

        List<Entry> received = loki.awaitEntries(lines, WAIT);
        assertThat(received).hasSize(lines);
        assertThat(received.stream().map(e -> e.line).collect(Collectors.toList()))
                .isEqualTo(IntStream.range(0, lines).mapToObj(i -> "line " + i).collect(Collectors.toList()));
        assertThat(received).allSatisfy(e -> assertThat(e.labels).isEqualTo(LABELS));
        assertThat(received.get(0).metadata).containsOnly(
                entry("level", "INFO"),
                entry("pod", "orders-taskmanager-1-1"),
                entry("node", "node-a"),
                entry("flink_job_id", "a1b2c3d4e5f60718293a4b5c6d7e8f90"),
                entry("thread", Thread.currentThread().getName()),
                entry("logger", LOGGER));
        assertThat(received).extracting(e -> e.timestampNanos).isSorted();
        assertThat(loki.requests()).allSatisfy(r -> assertThat(r.status).isEqualTo(204));
    }

    @Test
    void theLoggingThreadsMdcAndNameAreCapturedAtTheCallNotWhenTheLineIsRendered() throws Exception {
        loki = LokiStandIn.loki3();
        logback = new ConfiguredLogback(settings(loki));
        ch.qos.logback.classic.Logger root = logback.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // Without the other appenders nothing else reads the event on the logging thread.
        root.detachAppender("console");
        root.detachAppender("rolling");
        Logger logger = logback.logger(LOGGER);
        List<String> threads = List.of("Source: orders (1/4)#0", "Sink: Writer (2/4)#0");
        List<Thread> loggers = new java.util.ArrayList<>();
        for (String name : threads) {
            Thread thread = new Thread(() -> {
                logback.context.getMDCAdapter().put("flink-job-id", "job-of-" + name.charAt(0));
                logger.info("from {}", name);
                // Cleared at once: the render thread gets to the line later.
                logback.context.getMDCAdapter().remove("flink-job-id");
                logger.info("after {}", name);
            }, name);
            loggers.add(thread);
            thread.start();
        }
        for (Thread thread : loggers) {
            thread.join();
        }

        List<Entry> received = loki.awaitEntries(4, WAIT);
        for (String name : threads) {
            assertThat(received).filteredOn(e -> e.line.equals("from " + name)).singleElement()
                    .satisfies(e -> assertThat(e.metadata)
                            .contains(entry("thread", name), entry("flink_job_id", "job-of-" + name.charAt(0))));
            assertThat(received).filteredOn(e -> e.line.equals("after " + name)).singleElement()
                    .satisfies(e -> assertThat(e.metadata).contains(entry("thread", name), entry("flink_job_id", "")));
        }
    }

    @Test
    void aMultiLineStackTraceIsOneEntry() throws Exception {
        loki = LokiStandIn.loki3();
        logback = new ConfiguredLogback(settings(loki));
        Logger logger = logback.logger(LOGGER);

        logger.error("Task failed", new IllegalStateException("boom", new java.io.IOException("disk gone")));
        logger.info("after");

        List<Entry> received = loki.awaitEntries(2, WAIT);
        assertThat(received).hasSize(2);
        String[] traceLines = received.get(0).line.split("\n");
        assertThat(traceLines[0]).isEqualTo("Task failed");
        assertThat(traceLines[1]).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(traceLines[2]).startsWith("\tat io.github.flinko11y.logs.LokiDeliveryTest.aMultiLineStackTraceIsOneEntry(");
        assertThat(received.get(0).line).contains("\nCaused by: java.io.IOException: disk gone\n").doesNotEndWith("\n");
        assertThat(received.get(0).line.split("\nCaused by: ", -1)).hasSize(2);
        assertThat(received.get(0).metadata).containsEntry("level", "ERROR");
        assertThat(received.get(1).line).isEqualTo("after");
    }

    @Test
    void rateLimitedAndUnavailableAnswersAreRetriedUntilDelivered() throws Exception {
        loki = LokiStandIn.loki3();
        loki.script(503, 429, 503);
        logback = new ConfiguredLogback(settings(loki));

        logback.logger(LOGGER).warn("survives retries");

        List<Entry> received = loki.awaitEntries(1, WAIT);
        assertThat(received).extracting(e -> e.line).containsExactly("survives retries");
        List<LokiStandIn.Request> requests = loki.requests();
        assertThat(requests).extracting(r -> r.status).containsExactly(503, 429, 503, 204);
        // Exponential backoff from FLINK_O11Y_LOKI_MIN_RETRY_BACKOFF_MS (50 ms), plus loki4j's jitter.
        for (int retry = 1; retry < requests.size(); retry++) {
            long gapMillis = (requests.get(retry).receivedNanos - requests.get(retry - 1).receivedNanos) / 1_000_000;
            assertThat(gapMillis).as("wait before retry %d", retry).isGreaterThanOrEqualTo(50L << (retry - 1));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {400, 500})
    void aRejectedBatchDoesNotStopLaterOnes(int status) throws Exception {
        loki = LokiStandIn.loki3();
        loki.script(status);
        logback = new ConfiguredLogback(settings(loki));
        Logger logger = logback.logger(LOGGER);

        logger.info("rejected");
        loki.awaitRequests(1, WAIT);
        logger.info("accepted");

        List<Entry> received = loki.awaitEntries(1, WAIT);
        assertThat(received).extracting(e -> e.line).containsExactly("accepted");
        assertThat(loki.requests()).extracting(r -> r.status).containsExactly(status, 204);
    }

    @Test
    void aStalledRequestTimesOutAndIsRetried() throws Exception {
        loki = LokiStandIn.loki3();
        loki.scriptStall();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_REQUEST_TIMEOUT_MS", "300");
        logback = new ConfiguredLogback(settings);

        logback.logger(LOGGER).info("after a stall");

        List<Entry> received = loki.awaitEntries(1, WAIT);
        assertThat(received).extracting(e -> e.line).containsExactly("after a stall");
        // The stalled request is never answered, so only the retry is recorded.
        assertThat(loki.requests()).extracting(r -> r.status).containsExactly(204);
    }

    @Test
    void linesLoggedWhileLokiIsDownArriveWhenItIsBack() throws Exception {
        loki = LokiStandIn.loki3();
        logback = new ConfiguredLogback(settings(loki));
        Logger logger = logback.logger(LOGGER);
        logger.info("before");
        loki.awaitEntries(1, WAIT);

        long failedBefore = failedSends();
        loki.stop();
        for (int i = 0; i < 100; i++) {
            logger.info("while down {}", i);
        }
        // Several refused connections, as loki4j reports them, before Loki comes back.
        Await.atMost(WAIT).until("two failed sends while Loki is down", () -> failedSends() >= failedBefore + 2);
        loki.restart();

        List<Entry> received = loki.awaitEntries(101, WAIT);
        assertThat(received.stream().map(e -> e.line).collect(Collectors.toList())).isEqualTo(
                IntStream.range(-1, 100).mapToObj(i -> i < 0 ? "before" : "while down " + i)
                        .collect(Collectors.toList()));
    }

    @Test
    void loki2ModeFoldsTheFieldsIntoTheLineMakesLevelALabelAndSendsNoStructuredMetadata() throws Exception {
        loki = LokiStandIn.loki2();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_STRUCTURED_METADATA", "false");
        logback = new ConfiguredLogback(settings);

        logback.context.getMDCAdapter().put("flink-job-id", "feedbeef");
        logback.logger(LOGGER).info("checkpoint 7 completed");
        logback.logger(LOGGER).error("checkpoint 8 failed");
        logback.context.getMDCAdapter().remove("flink-job-id");

        List<Entry> received = loki.awaitEntries(2, WAIT);
        assertThat(received).hasSize(2);
        Map<String, String> info = new HashMap<>(LABELS);
        info.put("level", "INFO");
        Map<String, String> error = new HashMap<>(LABELS);
        error.put("level", "ERROR");
        Entry completed = received.stream().filter(e -> e.line.endsWith("completed")).findFirst().orElseThrow();
        Entry failed = received.stream().filter(e -> e.line.endsWith("failed")).findFirst().orElseThrow();
        assertThat(completed.metadata).isEmpty();
        assertThat(completed.labels).isEqualTo(info);
        assertThat(completed.line).isEqualTo("pod=orders-taskmanager-1-1 node=node-a"
                + " flink_job_id=feedbeef thread=\"" + Thread.currentThread().getName() + "\" logger=" + LOGGER
                + " - checkpoint 7 completed");
        assertThat(failed.labels).isEqualTo(error);
        assertThat(failed.metadata).isEmpty();
    }

    @Test
    void tenantAndBasicAuthAreSentWhenConfigured() throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_TENANT", "team-a");
        settings.put("FLINK_O11Y_LOKI_USERNAME", "flink");
        settings.put("FLINK_O11Y_LOKI_PASSWORD", "s3cret");
        logback = new ConfiguredLogback(settings);

        logback.logger(LOGGER).info("with tenant");

        loki.awaitEntries(1, WAIT);
        Map<String, String> headers = loki.requests().get(0).headers;
        assertThat(headers).containsEntry("x-scope-orgid", "team-a");
        assertThat(headers).containsEntry("authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("flink:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void noTenantOrAuthHeaderWhenNotConfigured() throws Exception {
        loki = LokiStandIn.loki3();
        logback = new ConfiguredLogback(settings(loki));

        logback.logger(LOGGER).info("anonymous");

        loki.awaitEntries(1, WAIT);
        assertThat(loki.requests().get(0).headers).doesNotContainKeys("x-scope-orgid", "authorization");
    }

    @Test
    void theFlinkLogFileStillGetsEveryLine() throws Exception {
        loki = LokiStandIn.loki3();
        logback = new ConfiguredLogback(settings(loki));

        logback.logger(LOGGER).info("for the web ui");
        loki.awaitEntries(1, WAIT);
        logback.close();

        List<String> fileLines = java.nio.file.Files.readAllLines(logDir.resolve("taskmanager.log"));
        assertThat(fileLines).hasSize(1);
        assertThat(fileLines.get(0)).endsWith(" INFO  " + LOGGER + "  - for the web ui");
    }

    @Test
    void protobufPushesDecodeToTheSameEntries() throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_PROTOBUF", "true");
        logback = new ConfiguredLogback(settings);
        Logger logger = logback.logger(LOGGER);

        logback.context.getMDCAdapter().put("flink-job-id", "c0ffee");
        for (int i = 0; i < 50; i++) {
            logger.info("protobuf line {} \u00e9\u4e2d", i);
        }
        logback.context.getMDCAdapter().remove("flink-job-id");
        logger.error("failed", new IllegalStateException("boom"));

        List<Entry> received = loki.awaitEntries(51, WAIT);
        assertThat(loki.requests()).allSatisfy(r -> {
            assertThat(r.headers).containsEntry("content-type", "application/x-protobuf");
            assertThat(r.status).isEqualTo(204);
        });
        assertThat(received.subList(0, 50).stream().map(e -> e.line).collect(Collectors.toList())).isEqualTo(
                IntStream.range(0, 50).mapToObj(i -> "protobuf line " + i + " \u00e9\u4e2d").collect(Collectors.toList()));
        assertThat(received).allSatisfy(e -> assertThat(e.labels).isEqualTo(LABELS));
        assertThat(received.get(0).metadata).containsOnly(
                entry("level", "INFO"),
                entry("pod", "orders-taskmanager-1-1"),
                entry("node", "node-a"),
                entry("flink_job_id", "c0ffee"),
                entry("thread", Thread.currentThread().getName()),
                entry("logger", LOGGER));
        assertThat(received.get(50).line).startsWith("failed\njava.lang.IllegalStateException: boom\n\tat ");
        long now = System.currentTimeMillis() * 1_000_000L;
        assertThat(received).allSatisfy(e -> assertThat(e.timestampNanos).isBetween(now - 60_000_000_000L, now));
    }

    @Test
    void aWrongSettingIsReportedAtStartupAndTheDefaultIsUsed() throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_STRUCTURED_METADATA", "yes");
        settings.put("FLINK_O11Y_LOKI_LABELS", "flink_cluster=other");
        logback = new ConfiguredLogback(settings, false);

        assertThat(logback.problems()).contains(
                "FLINK_O11Y_LOKI_STRUCTURED_METADATA: \"yes\" is neither true (Loki 3, structured metadata) nor"
                        + " false (Loki 2, fields in the line) (using true)",
                "FLINK_O11Y_LOKI_LABELS: label \"flink_cluster\" is set by flink-o11y itself; use the matching"
                        + " FLINK_O11Y_* variable instead (ignoring FLINK_O11Y_LOKI_LABELS)");
        logback.logger(LOGGER).info("still shipped");

        List<Entry> received = loki.awaitEntries(1, WAIT);
        assertThat(received.get(0).labels).isEqualTo(LABELS);
        assertThat(received.get(0).metadata).containsEntry("level", "INFO");
        assertThat(received.get(0).line).isEqualTo("still shipped");
    }

    @Test
    void anOverLongLineIsCutWithAMarker() throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_MAX_LINE_CHARS", "1000");
        logback = new ConfiguredLogback(settings);

        logback.logger(LOGGER).info("x".repeat(5000));
        logback.logger(LOGGER).error("deep", new StackOverflowError("recursion"));

        List<Entry> received = loki.awaitEntries(2, WAIT);
        assertThat(received.get(0).line).isEqualTo("x".repeat(1000) + "… [truncated 4000 chars]");
        assertThat(received.get(1).line).startsWith("deep\njava.lang.StackOverflowError: recursion\n\tat ");
        assertThat(received.get(1).line.length()).isLessThanOrEqualTo(1000 + "… [truncated 1000000 chars]".length());
    }

    @Test
    void loki2ModeQuotesThreadNamesWithSpacesAndQuotes() throws Exception {
        loki = LokiStandIn.loki2();
        Map<String, String> settings = settings(loki);
        settings.put("FLINK_O11Y_LOKI_STRUCTURED_METADATA", "false");
        logback = new ConfiguredLogback(settings);
        String threadName = "Source: \"orders\" topic -> Map (1/2)#0";

        Thread task = new Thread(() -> logback.logger(LOGGER).info("emitted"), threadName);
        task.start();
        task.join();

        List<Entry> received = loki.awaitEntries(1, WAIT);
        assertThat(received.get(0).line).isEqualTo("pod=orders-taskmanager-1-1 node=node-a flink_job_id="
                + " thread=\"Source: \\\"orders\\\" topic -> Map (1/2)#0\" logger=" + LOGGER + " - emitted");
    }

    /** loki4j's reports of a failed send attempt, in the logback context's status messages. */
    private long failedSends() {
        return logback.context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getMessage().contains("Error while sending Batch")).count();
    }
}
